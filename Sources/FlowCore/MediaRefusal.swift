/// Why an upload is not taken as a medium: its type, a truncated or malformed container, a polyglot. The message
/// names the reason for the person who sent the file; the engine answers with `refusal`.
public struct MediaRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    /// As the engine answers a request carrying the file.
    public var refusal: Refusal { Refusal(.invalidRequest, message) }

    public var description: String { message }
}
