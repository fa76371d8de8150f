public import Foundation

/// A client's working windows over a stretch of time, laid out as a table, so that working time and deadline
/// arithmetic cost a binary search instead of a walk through Foundation's calendar: `BusinessHours` takes about
/// 11 µs per call on this machine, and a year's report asks hundreds of thousands of times. The windows come
/// from `BusinessHours.window(onDayOf:)`, the one definition of a working day, and every answer equals
/// `BusinessHours`' own; outside the table the question goes to `BusinessHours` itself.
public struct WorkingCalendar: Sendable {
    public let hours: BusinessHours
    /// The covered stretch: from the start of the first local day to the start of the day after the last.
    let lower: Double
    let upper: Double
    /// One entry per working day, in order (seconds since 1970).
    let dayStarts: [Double]
    let dayEnds: [Double]
    let opens: [Double]
    let closes: [Double]
    /// Working seconds in the windows before each one: `before[i]` sums windows `0..<i`; one extra entry at the end.
    let before: [Double]

    /// Covers every local day that `from...to` touches. A table of a year for one client costs about 2 ms.
    public init(hours: BusinessHours, from: Date, to: Date) {
        self.hours = hours
        let calendar = hours.calendar
        var day = calendar.startOfDay(for: from)
        lower = day.timeIntervalSince1970
        var end = lower
        var dayStarts: [Double] = []
        var dayEnds: [Double] = []
        var opens: [Double] = []
        var closes: [Double] = []
        var before: [Double] = [0]
        while day <= to {
            guard let next = calendar.date(byAdding: .day, value: 1, to: day).map(calendar.startOfDay) else { break }
            if let (open, close) = hours.window(onDayOf: day, calendar) {
                dayStarts.append(day.timeIntervalSince1970)
                dayEnds.append(next.timeIntervalSince1970)
                opens.append(open.timeIntervalSince1970)
                closes.append(close.timeIntervalSince1970)
                before.append(before[before.count - 1] + close.timeIntervalSince(open))
            }
            end = next.timeIntervalSince1970
            day = next
        }
        upper = end
        self.dayStarts = dayStarts
        self.dayEnds = dayEnds
        self.opens = opens
        self.closes = closes
        self.before = before
    }

    /// The first window index whose `values` entry is above `t` (`values` ascending); `count` if none is.
    private static func firstAbove(_ values: [Double], _ t: Double) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] > t { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// Working seconds from the start of the table to `t`.
    private func worked(until t: Double) -> Double {
        let k = Self.firstAbove(opens, t) - 1
        guard k >= 0 else { return 0 }
        return before[k] + min(t, closes[k]) - opens[k]
    }

    /// Working time between two instants (zero if `to` is not later), as `BusinessHours.workingTime`.
    public func workingTime(from: Date, to: Date) -> TimeInterval {
        let a = from.timeIntervalSince1970
        let b = to.timeIntervalSince1970
        guard b > a else { return 0 }
        guard a >= lower, b <= upper else { return hours.workingTime(from: from, to: to) }
        return worked(until: b) - worked(until: a)
    }

    /// `span` of working time after `date`, as `BusinessHours.add`: whole days move to the same offset into the
    /// next working day, the rest counts working seconds.
    public func add(_ span: TimeSpan, to date: Date) -> Date {
        fastAdd(span, to: date.timeIntervalSince1970).map { Date(timeIntervalSince1970: $0) }
            ?? hours.add(span, to: date)
    }

    private func fastAdd(_ span: TimeSpan, to t: Double) -> Double? {
        guard t >= lower, t < upper else { return nil }
        // The next working instant: the first window that closes after t.
        var i = Self.firstAbove(closes, t)
        guard i < opens.count else { return nil }
        var cursor = max(opens[i], t)
        for _ in 0..<(span.seconds / 86_400) {
            // The window of the cursor's own day (a window may close at the next midnight).
            let day = Self.firstAbove(dayEnds, cursor)
            guard day < dayStarts.count, dayStarts[day] <= cursor, day + 1 < opens.count else { return nil }
            let offset = cursor - opens[day]
            i = day + 1
            cursor = min(opens[i] + offset, closes[i])
        }
        var remaining = Double(span.seconds % 86_400)
        // From the cursor's day on, the first window that still has time after the cursor.
        var j = Self.firstAbove(dayEnds, cursor)
        while j < opens.count, closes[j] <= cursor { j += 1 }
        guard j < opens.count else { return nil }
        cursor = max(cursor, opens[j])
        let available = closes[j] - cursor
        if remaining <= available { return cursor + remaining }
        remaining -= available
        // The first later window by whose end the remaining time is used up.
        let target = before[j + 1] + remaining
        let k = Self.firstAbove(before, target - 1e-9) - 1
        guard k > j, k < opens.count, before[k + 1] >= target - 1e-9 else { return nil }
        return opens[k] + (target - before[k])
    }
}

/// A lane's deadline clock for one client, answered from a `WorkingCalendar` where it runs in business hours.
public struct FastDeadlineClock: Sendable {
    public let clock: DeadlineClock
    let table: WorkingCalendar?

    public init(_ clock: DeadlineClock, table: WorkingCalendar?) {
        self.clock = clock
        self.table = clock.kind == .business ? table : nil
    }

    public func add(_ span: TimeSpan, to date: Date) -> Date {
        if let table { return table.add(span, to: date) }
        return clock.add(span, to: date)
    }
}
