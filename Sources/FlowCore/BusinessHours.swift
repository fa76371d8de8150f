public import Foundation

/// A client's working week: timezone, working days, hours and holidays. It says which local days work and when;
/// the arithmetic over them (`add`, `workingTime`) is `WorkingCalendar`'s, the one business clock, laid out here
/// for the stretch each question needs.
public struct BusinessHours: Sendable, Equatable {
    /// Weekday numbers as Foundation counts them: 1 = Sunday … 7 = Saturday.
    public var days: Set<Int>
    public var start: TimeOfDay
    public var end: TimeOfDay
    /// Local dates, `YYYY-MM-DD`.
    public var holidays: Set<String>
    public var timeZone: TimeZone

    public static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// How far a question may look for working days before the answer counts around the clock instead.
    static let horizonDays = 3 * 366

    public init(
        days: Set<Int> = [2, 3, 4, 5, 6], start: TimeOfDay = TimeOfDay(minutes: 9 * 60),
        end: TimeOfDay = TimeOfDay(minutes: 18 * 60), holidays: Set<String> = [], timeZone: TimeZone
    ) {
        self.days = days
        self.start = start
        self.end = end
        self.holidays = holidays
        self.timeZone = timeZone
    }

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The working window of the local day that contains `date`, or nil on a day off.
    func window(onDayOf date: Date, _ calendar: Calendar) -> (Date, Date)? {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        guard let weekday = parts.weekday, let year = parts.year, let month = parts.month, let day = parts.day,
            isWorkingDay(year: year, month: month, day: day, weekday: weekday)
        else { return nil }
        func at(_ time: TimeOfDay) -> Date? {
            var components = DateComponents(year: year, month: month, day: day)
            components.hour = time.minutes / 60
            components.minute = time.minutes % 60
            // A wall time skipped by a DST change resolves to the next valid instant.
            return calendar.date(from: components)
        }
        guard let open = at(start), let close = at(end), open < close else { return nil }
        return (open, close)
    }

    /// Whether a local date is a working day: one of `days` (1 = Sunday) and not a holiday.
    func isWorkingDay(year: Int, month: Int, day: Int, weekday: Int) -> Bool {
        guard days.contains(weekday) else { return false }
        guard !holidays.isEmpty else { return true }
        let key = "\(year)-" + (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)"
        return !holidays.contains(key)
    }

    /// `span` of working time after `date`: each whole day (`1d`) is one working day, landing at the same time of
    /// day on the next working day; the rest counts working hours. Without any working day in three years, the
    /// span runs around the clock.
    public func add(_ span: TimeSpan, to date: Date) -> Date {
        // Room for the whole days and the weekends and holidays among them; a longer stretch only where a run of
        // days off used that room up.
        var days = Int(min(span.seconds / 86_400, Int64(Self.horizonDays))) * 2 + 7
        while true {
            let table = WorkingCalendar(hours: self, from: date, to: date.addingTimeInterval(Double(days) * 86_400))
            if let due = table.tableAdd(span, to: date.timeIntervalSince1970) {
                return Date(timeIntervalSince1970: due)
            }
            guard days < Self.horizonDays else { return date.addingTimeInterval(span.timeInterval) }
            days = min(days * 4, Self.horizonDays)
        }
    }

    /// Working time between two instants (zero if `to` is not later).
    public func workingTime(from: Date, to: Date) -> TimeInterval {
        guard to > from else { return 0 }
        return WorkingCalendar(hours: self, from: from, to: to).tableWorkingTime(
            from.timeIntervalSince1970, to.timeIntervalSince1970)
    }
}
