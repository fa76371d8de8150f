public import Foundation

/// The business clock: a client's working windows over a stretch of time, laid out as a table, so that working
/// time and deadline arithmetic cost a binary search instead of a walk through Foundation's calendar day by day.
/// `BusinessHours` says which days work; every answer about working time comes from here. A question outside the
/// stretch goes to `BusinessHours`, which lays out a table for that question. A class, because the report
/// consults one for every wait and a struct of five arrays costs five retains per copy.
public final class WorkingCalendar: Sendable {
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

    /// Covers every local day that `from...to` touches. Between two changes of the zone's UTC offset every local
    /// day is 24 hours long and its wall times are its midnight plus so much, so Foundation's calendar, slow per
    /// day, is asked only for the first day and the days around each change; the others are counted on from
    /// there, with `BusinessHours.isWorkingDay` deciding which days work.
    public init(hours: BusinessHours, from: Date, to: Date) {
        self.hours = hours
        let calendar = hours.calendar
        let zone = hours.timeZone
        var day = calendar.startOfDay(for: from)
        lower = day.timeIntervalSince1970
        let last = to.timeIntervalSince1970
        var changes: [Double] = []
        var probe = day.addingTimeInterval(-2 * 86_400)
        while changes.count < 1_000, let next = zone.nextDaylightSavingTimeTransition(after: probe),
            next.timeIntervalSince1970 <= last + 3 * 86_400
        {
            changes.append(next.timeIntervalSince1970)
            probe = next
        }
        var dayStarts: [Double] = []
        var dayEnds: [Double] = []
        var opens: [Double] = []
        var closes: [Double] = []
        var before: [Double] = [0]
        var change = 0
        var offset: Double?
        var start = lower
        while start <= last {
            while change < changes.count, changes[change] <= start - 86_400 { change += 1 }
            let settled = change == changes.count || changes[change] >= start + 2 * 86_400
            var next: Double
            var window: (Double, Double)?
            if settled {
                let shift = offset ?? Double(zone.secondsFromGMT(for: day))
                offset = shift
                let local = Int(((start + shift) / 86_400).rounded(.down))
                let (year, month, date) = Self.civil(local)
                let weekday = ((local % 7 + 7 + 4) % 7) + 1
                next = start + 86_400
                if hours.start < hours.end,
                    hours.isWorkingDay(year: year, month: month, day: date, weekday: weekday)
                {
                    window = (start + Double(hours.start.minutes * 60), start + Double(hours.end.minutes * 60))
                }
            } else {
                offset = nil
                guard let following = calendar.date(byAdding: .day, value: 1, to: day).map(calendar.startOfDay)
                else { break }
                next = following.timeIntervalSince1970
                window = hours.window(onDayOf: day, calendar).map {
                    ($0.0.timeIntervalSince1970, $0.1.timeIntervalSince1970)
                }
            }
            if let (open, close) = window {
                dayStarts.append(start)
                dayEnds.append(next)
                opens.append(open)
                closes.append(close)
                before.append(before[before.count - 1] + close - open)
            }
            start = next
            day = Date(timeIntervalSince1970: next)
        }
        upper = start
        self.dayStarts = dayStarts
        self.dayEnds = dayEnds
        self.opens = opens
        self.closes = closes
        self.before = before
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, doy - (153 * mp + 2) / 5 + 1)
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

    /// Working time between two instants (zero if `to` is not later).
    public func workingTime(from: Date, to: Date) -> TimeInterval {
        let a = from.timeIntervalSince1970
        let b = to.timeIntervalSince1970
        guard b > a else { return 0 }
        guard a >= lower, b <= upper else { return hours.workingTime(from: from, to: to) }
        return tableWorkingTime(a, b)
    }

    /// Working seconds between `a` and `b`, both inside the table, `a` before `b`.
    func tableWorkingTime(_ a: Double, _ b: Double) -> Double {
        worked(until: b) - worked(until: a)
    }

    /// `span` of working time after `date`: whole days move to the same offset into the next working day, the rest
    /// counts working seconds.
    public func add(_ span: TimeSpan, to date: Date) -> Date {
        tableAdd(span, to: date.timeIntervalSince1970).map { Date(timeIntervalSince1970: $0) }
            ?? hours.add(span, to: date)
    }

    /// `add` where the table holds the answer; nil where it would need days beyond the table.
    func tableAdd(_ span: TimeSpan, to t: Double) -> Double? {
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
