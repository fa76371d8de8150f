public import Foundation

/// A time as the person it is for reads it: weekday, day, month, the local time and the zone, in their language
/// ("Tue 8 Dec, 09:00 CET", "Di. 8. Dez., 09:00 MEZ"), the year only when it is not this one. Never raw ISO: that
/// is for logs and `--json`. The names are spelled here, not taken from the machine's locale data, so that a page
/// reads the same on every machine.
public enum SpokenTime {
    public static func format(_ date: Date, in zone: TimeZone?, language: PageLanguage, now: Date) -> String {
        let zone = zone ?? TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        let year = parts.year ?? 0
        let thisYear = calendar.component(.year, from: now)
        let clock = pad(parts.hour ?? 0) + ":" + pad(parts.minute ?? 0)
        let weekday = (parts.weekday ?? 1) - 1
        let month = (parts.month ?? 1) - 1
        let day = parts.day ?? 1
        let zoneName = name(of: zone, at: date, language: language)
        switch language {
        case .en:
            let yearText = year == thisYear ? "" : " \(year)"
            return "\(englishDays[weekday]) \(day) \(englishMonths[month])\(yearText), \(clock) \(zoneName)"
        case .de:
            let yearText = year == thisYear ? "" : " \(year)"
            return "\(germanDays[weekday]) \(day). \(germanMonths[month])\(yearText), \(clock) \(zoneName)"
        }
    }

    /// A day alone ("Thu 17 Dec", "Do. 17. Dez."): for what ends or begins with a whole day, such as an absence.
    public static func day(_ date: Date, in zone: TimeZone?, language: PageLanguage, now: Date) -> String {
        let full = format(date, in: zone, language: language, now: now)
        return String(full.prefix { $0 != "," })
    }

    /// The zone's short name where people know one (CET, MEZ), else its offset from UTC.
    static func name(of zone: TimeZone, at date: Date, language: PageLanguage) -> String {
        let summer = zone.isDaylightSavingTime(for: date)
        if let known = shortNames[zone.identifier] {
            let (winter, summerName) = language == .de ? known.de : known.en
            return summer ? summerName : winter
        }
        let seconds = zone.secondsFromGMT(for: date)
        if seconds == 0 { return "UTC" }
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return "UTC" + sign + "\(minutes / 60)" + (minutes % 60 == 0 ? "" : ":" + pad(minutes % 60))
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static let englishDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let englishMonths = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    private static let germanDays = ["So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."]
    private static let germanMonths = [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.",
    ]

    private static let central = (en: ("CET", "CEST"), de: ("MEZ", "MESZ"))
    private static let western = (en: ("WET", "WEST"), de: ("WEZ", "WESZ"))
    private static let british = (en: ("GMT", "BST"), de: ("GMT", "BST"))
    /// The zones whose short names people use, winter and summer, per language.
    private static let shortNames: [String: (en: (String, String), de: (String, String))] = [
        "Europe/Berlin": central, "Europe/Vienna": central, "Europe/Zurich": central, "Europe/Paris": central,
        "Europe/Amsterdam": central, "Europe/Brussels": central, "Europe/Madrid": central, "Europe/Rome": central,
        "Europe/Copenhagen": central, "Europe/Stockholm": central, "Europe/Oslo": central, "Europe/Warsaw": central,
        "Europe/Prague": central, "Europe/Luxembourg": central, "Europe/Lisbon": western, "Europe/London": british,
        "Europe/Dublin": (en: ("GMT", "IST"), de: ("GMT", "IST")),
        "America/New_York": (en: ("EST", "EDT"), de: ("EST", "EDT")),
        "America/Chicago": (en: ("CST", "CDT"), de: ("CST", "CDT")),
        "America/Denver": (en: ("MST", "MDT"), de: ("MST", "MDT")),
        "America/Los_Angeles": (en: ("PST", "PDT"), de: ("PST", "PDT")),
        "UTC": (en: ("UTC", "UTC"), de: ("UTC", "UTC")), "Etc/UTC": (en: ("UTC", "UTC"), de: ("UTC", "UTC")),
    ]
}
