public import FlowCore

/// One committed event with its draft's client: what `flowctl events` streams.
public struct LoggedEvent: Sendable, Equatable {
    public var event: Event
    public var client: String
}
