public import Foundation

/// A calendar date as a person types it (`2027-01-06`), read strictly: a day that does not exist (`2026-02-30`) is
/// refused, never rolled over into the next month.
public enum LocalDate {
    /// Midnight at the start of `text`'s day in `zone`, or nil when `text` is not a real `YYYY-MM-DD` date.
    public static func midnight(of text: String, in zone: TimeZone) -> Date? {
        guard text.utf8.count == 10, let (year, month, day) = civilDate(startingWith: text), year >= 1970,
            isRealDate(year: year, month: month, day: day)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return date
    }

    /// `date`'s day in `zone` as `YYYY-MM-DD`.
    public static func text(of date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))"
    }
}
