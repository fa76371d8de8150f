public import FlowCore
public import Foundation

/// Where one `[[notify]]` sink sends, how, and how persistently.
public struct SinkConfig: Sendable, Equatable {
    /// An HTTP POST to a URL, or a program that reads the payload on standard input (argv, no shell unless the
    /// config gave a single string).
    public enum Target: Sendable, Equatable {
        case url(String)
        case command([String])
    }

    public var route: SinkRoute
    public var target: Target
    /// Signs with Standard Webhooks headers; required for `json` URL sinks.
    public var secret: SigningSecret?
    public var timeout: TimeInterval
    public var policy: DeliveryPolicy

    public var name: String { route.name }
}
