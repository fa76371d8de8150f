public import Foundation

/// A sink that answered 410 Gone and gets nothing until an operator retries one of its deliveries.
public struct DisabledSink: Sendable, Equatable {
    public var name: String
    public var disabledAt: Date
    public var reason: String
}
