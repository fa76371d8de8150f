/// What can go wrong talking to an SMTP server. The text is for standard error (flowd's journal): it names the
/// step and quotes the server, never a credential.
enum SMTPError: Error, CustomStringConvertible {
    /// The server answered a command with 4xx or 5xx.
    case refused(step: String, reply: SMTPReply)
    /// The server broke the protocol; the connection cannot be trusted further.
    case protocolViolation(String)
    case timeout(step: String, seconds: Double)
    case closed
    /// What the server offers does not meet what was asked for (STARTTLS required, AUTH needed).
    case policy(String)

    /// A refusal ends one transaction; after RSET the same connection can carry the next message. Anything else
    /// leaves the connection in an unknown state.
    var keepsConnection: Bool {
        if case .refused = self { return true }
        return false
    }

    var description: String {
        switch self {
        case .refused(let step, let reply): "\(step): the server answered \(reply)"
        case .protocolViolation(let what): "protocol error: \(what)"
        case .timeout(let step, let seconds): "\(step): no answer within \(Self.format(seconds))s"
        case .closed: "the server closed the connection"
        case .policy(let what): what
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
