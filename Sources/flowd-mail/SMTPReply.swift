/// One reply from an SMTP server: its three-digit code and the text of each of its lines (RFC 5321 §4.2).
struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    var code: Int
    var lines: [String]

    /// 2xx: done; 3xx: go on (354 after DATA, 334 during AUTH). 4xx and 5xx are refusals.
    var isPositive: Bool { (200..<400).contains(code) }

    /// For messages on standard error: the server's words, on one line.
    var description: String { "\(code) " + lines.filter { !$0.isEmpty }.joined(separator: " / ") }
}
