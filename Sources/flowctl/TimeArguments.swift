import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

func parseTime(_ text: String) throws -> Date {
    guard let date = WireJSON.parseDate(text) else {
        throw ValidationError("\(text) is not an ISO-8601 time like 2026-05-01T09:30:00Z or 2026-05-01T11:30:00+02:00")
    }
    return date
}

/// Percent-encodes a query value (ISO times carry `+` and `:`).
func queryValue(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
}

/// Reads `--by`: `HH:MM` (the next such local time) or a full ISO-8601 time.
func parseDeadline(_ text: String, now: Date = Date()) throws -> Date {
    if let time = TimeOfDay(text) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.current
        let start = calendar.startOfDay(for: now)
        var date = calendar.date(byAdding: .minute, value: time.minutes, to: start) ?? now
        if date <= now { date = calendar.date(byAdding: .day, value: 1, to: date) ?? date }
        return date
    }
    return try parseTime(text)
}

/// A time as given on the command line: ISO-8601, or a date (`YYYY-MM-DD`) meaning midnight in this machine's
/// time zone.
func parseTimeOrDate(_ text: String) throws -> Date {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    if parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
        let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
    {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.current
        if let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) { return date }
    }
    return try parseTime(text)
}
