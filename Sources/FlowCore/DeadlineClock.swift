public import Foundation

/// How a lane measures its deadlines for one client.
public struct DeadlineClock: Sendable {
    public var kind: ClockKind
    public var hours: BusinessHours?
    /// The client's working windows laid out in advance, for a caller that asks about one stretch many times (the
    /// loop report); without them each answer lays out the days it needs.
    let table: WorkingCalendar?

    public init(kind: ClockKind, hours: BusinessHours?) {
        self.init(kind: kind, hours: hours, table: nil)
    }

    init(kind: ClockKind, hours: BusinessHours?, table: WorkingCalendar?) {
        self.kind = kind
        self.hours = hours
        self.table = table
    }

    /// The same clock, answered from `table` where it runs in business hours.
    func laidOut(_ table: WorkingCalendar?) -> DeadlineClock {
        DeadlineClock(kind: kind, hours: hours, table: table)
    }

    /// `span` after `date`, in working time where the clock is `business` and the client has hours.
    public func add(_ span: TimeSpan, to date: Date) -> Date {
        guard kind == .business else { return date.addingTimeInterval(span.timeInterval) }
        if let table { return table.add(span, to: date) }
        guard let hours else { return date.addingTimeInterval(span.timeInterval) }
        return hours.add(span, to: date)
    }
}
