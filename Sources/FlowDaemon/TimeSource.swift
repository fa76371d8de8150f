public import Foundation

/// Source of the current time; tests inject a fixed or stepping one.
public protocol TimeSource: Sendable {
    func now() -> Date
}

/// The wall clock.
public struct SystemTime: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}
