import Foundation

@testable import FlowCore

/// The business clock as first written: a walk through Foundation's calendar, one local day at a time, asking
/// `BusinessHours` for each day's window. Slow, and plain enough to check by reading; kept here as the oracle the
/// one clock, `WorkingCalendar`, is compared with.
struct WalkingClock {
    let hours: BusinessHours

    /// `span` of working time after `date`: each whole day (`1d`) is one working day, landing at the same time of
    /// day on the next working day; the rest counts working hours. Without any working day in three years, the
    /// span runs around the clock.
    func add(_ span: TimeSpan, to date: Date) -> Date {
        let calendar = hours.calendar
        guard var cursor = nextWorkingInstant(from: date, calendar) else {
            return date.addingTimeInterval(span.timeInterval)
        }
        for _ in 0..<(span.seconds / 86_400) {
            guard let moved = sameTimeNextWorkingDay(after: cursor, calendar) else {
                return date.addingTimeInterval(span.timeInterval)
            }
            cursor = moved
        }
        var remaining = TimeInterval(span.seconds % 86_400)
        var day = calendar.startOfDay(for: cursor)
        for _ in 0..<(366 * 3) {
            if let (open, close) = hours.window(onDayOf: day, calendar), cursor < close {
                if cursor < open { cursor = open }
                let available = close.timeIntervalSince(cursor)
                if remaining <= available { return cursor.addingTimeInterval(remaining) }
                remaining -= available
                cursor = close
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = calendar.startOfDay(for: next)
            if cursor < day { cursor = day }
        }
        return date.addingTimeInterval(span.timeInterval)
    }

    /// `date` itself if it is inside working hours, else the next opening.
    func nextWorkingInstant(from date: Date, _ calendar: Calendar) -> Date? {
        var day = calendar.startOfDay(for: date)
        for _ in 0..<(366 * 3) {
            if let (open, close) = hours.window(onDayOf: day, calendar), date < close { return max(open, date) }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = calendar.startOfDay(for: next)
        }
        return nil
    }

    /// The same offset into the working day, on the next working day.
    func sameTimeNextWorkingDay(after cursor: Date, _ calendar: Calendar) -> Date? {
        guard let (open, _) = hours.window(onDayOf: cursor, calendar) else { return nil }
        let offset = cursor.timeIntervalSince(open)
        var day = calendar.startOfDay(for: cursor)
        for _ in 0..<(366 * 3) {
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = calendar.startOfDay(for: next)
            if let (nextOpen, nextClose) = hours.window(onDayOf: day, calendar) {
                return min(nextOpen.addingTimeInterval(offset), nextClose)
            }
        }
        return nil
    }

    /// Working time between two instants (zero if `to` is not later).
    func workingTime(from: Date, to: Date) -> TimeInterval {
        guard to > from else { return 0 }
        let calendar = hours.calendar
        var total: TimeInterval = 0
        var day = calendar.startOfDay(for: from)
        while day < to {
            if let (open, close) = hours.window(onDayOf: day, calendar) {
                let a = max(open, from)
                let b = min(close, to)
                if b > a { total += b.timeIntervalSince(a) }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = calendar.startOfDay(for: next)
        }
        return total
    }
}
