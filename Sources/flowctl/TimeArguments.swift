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
    if text.utf8.count == 10 {
        guard let date = LocalDate.midnight(of: text, in: .current) else {
            throw ValidationError("\(text) is not a day of the calendar (YYYY-MM-DD, like 2027-01-06)")
        }
        return date
    }
    return try parseTime(text)
}
