/// Why an address is not one a medium may be fetched from; the message completes "the address …".
public struct MediaURLError: Error, Sendable, Equatable {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }
}
