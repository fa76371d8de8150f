/// Cuts the bytes a server sends into replies. A line `250-text` says more lines follow, `250 text` (or a bare
/// `250`) ends the reply. Bounded, so a hostile or broken server cannot make flowd-mail hold unlimited text.
struct SMTPReplyParser {
    /// RFC 5321 allows 512 octets a reply line; real servers stay far below, this is room to spare.
    static let maxLineLength = 4096
    /// EHLO answers are the longest replies, a line per extension.
    static let maxLines = 256

    private var bytes: [UInt8] = []
    private var code: Int?
    private var lines: [String] = []

    /// Nothing received that is not yet part of a returned reply. After the reply to STARTTLS this must hold:
    /// plain text that arrived after it was never protected by TLS and must not be read as if it were.
    var isEmpty: Bool { bytes.isEmpty && code == nil }

    mutating func append(_ more: some Sequence<UInt8>) {
        bytes.append(contentsOf: more)
    }

    /// The next whole reply, nil while it is incomplete.
    mutating func next() throws(SMTPError) -> SMTPReply? {
        while let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
            var line = bytes[..<newline]
            bytes.removeSubrange(...newline)
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard line.count <= Self.maxLineLength else { throw .protocolViolation("a reply line is too long") }
            let digits = line.prefix(3)
            guard digits.count == 3, digits.allSatisfy({ (0x30...0x39).contains($0) }),
                let number = Int(String(decoding: digits, as: UTF8.self)), (200...599).contains(number)
            else {
                throw .protocolViolation("not an SMTP reply: \(Self.printable(line))")
            }
            let separator = line.dropFirst(3).first
            guard separator == nil || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
                throw .protocolViolation("not an SMTP reply: \(Self.printable(line))")
            }
            if let code, code != number {
                throw .protocolViolation("a reply changes its code from \(code) to \(number)")
            }
            code = number
            lines.append(Self.printable(line.dropFirst(4)))
            guard lines.count <= Self.maxLines else { throw .protocolViolation("a reply has too many lines") }
            if separator != UInt8(ascii: "-") {
                let reply = SMTPReply(code: number, lines: lines)
                code = nil
                lines = []
                return reply
            }
        }
        guard bytes.count <= Self.maxLineLength else { throw .protocolViolation("a reply line is too long") }
        return nil
    }

    /// Server text as it may appear on a terminal or in the journal: control characters dropped.
    static func printable(_ bytes: some Collection<UInt8>) -> String {
        String(String(decoding: bytes, as: UTF8.self).unicodeScalars.filter { $0.value >= 0x20 && $0 != "\u{7f}" })
    }
}
