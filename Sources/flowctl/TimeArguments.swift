import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

func parseTime(_ text: String) throws -> Date {
    guard startsWithRealDate(text) else {
        throw ValidationError("\(text) names a day the calendar does not have")
    }
    guard let date = WireJSON.parseDate(text) else {
        throw ValidationError("\(text) is not an ISO-8601 time like 2026-05-01T09:30:00Z or 2026-05-01T11:30:00+02:00")
    }
    return date
}

/// Percent-encodes a query value (ISO times carry `+` and `:`).
func queryValue(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
}

/// A request's query: the values given (nil ones left out), percent-encoded; empty when none is.
func query(_ items: [(String, String?)]) -> String {
    let given = items.compactMap { name, value in value.map { "\(name)=\(queryValue($0))" } }
    return given.isEmpty ? "" : "?" + given.joined(separator: "&")
}

/// Reads `--by`: `HH:MM` (the next such local time), or a time as `parseTimeOrDate` reads it.
func parseDeadline(_ text: String, now: Date = Date()) throws -> Date {
    if let time = TimeOfDay(text) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.current
        let start = calendar.startOfDay(for: now)
        var date = calendar.date(byAdding: .minute, value: time.minutes, to: start) ?? now
        if date <= now { date = calendar.date(byAdding: .day, value: 1, to: date) ?? date }
        return date
    }
    return try parseTimeOrDate(text)
}

/// A time as given on the command line: ISO-8601 with its zone, or a day (`YYYY-MM-DD`, meaning midnight at its start)
/// or a day and a time of day (`YYYY-MM-DD HH:MM`) in this machine's time zone. Strict: no day or hour rolls over.
/// Whether `text` is a plain date or a local time ('YYYY-MM-DD', 'YYYY-MM-DD HH:MM'), which a zone makes a time.
func isLocalForm(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    return bytes.count == 10
        || (bytes.count == 16 && (bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T")))
}

/// A publish time as a person types it: a local form is in the draft's client's time zone, which `zone` asks flowd
/// for only when it is needed.
func parsePublishTime(_ text: String, zone: () throws -> TimeZone?) throws -> Date {
    guard isLocalForm(text) else { return try parseTime(text) }
    return try parseTimeOrDate(text, in: try zone() ?? .current)
}

func parseTimeOrDate(_ text: String, in zone: TimeZone = .current) throws -> Date {
    let bytes = Array(text.utf8)
    guard isLocalForm(text) else { return try parseTime(text) }
    guard let day = LocalDate.midnight(of: String(text.prefix(10)), in: zone) else {
        throw ValidationError("\(text) is not a day of the calendar (YYYY-MM-DD, like 2027-01-06)")
    }
    guard bytes.count == 16 else { return day }
    guard let time = TimeOfDay(String(text.suffix(5))), time.minutes < 24 * 60 else {
        throw ValidationError("\(text) is not a time like 2027-01-06 09:30")
    }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    // A time the clocks skip (02:30 on the night summer time begins) is moved by Foundation: refuse it instead.
    guard let date = calendar.date(bySettingHour: time.minutes / 60, minute: time.minutes % 60, second: 0, of: day),
        calendar.component(.hour, from: date) * 60 + calendar.component(.minute, from: date) == time.minutes
    else { throw ValidationError("\(text) does not happen in \(zone.identifier): the clocks change then") }
    return date
}
