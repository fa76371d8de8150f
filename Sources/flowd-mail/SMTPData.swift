/// A message as the DATA command carries it (RFC 5321 §4.5.2): every line ended by CRLF whatever ended it
/// before, a line that starts with "." given a second one so the server does not take it for the end, and the
/// lone "." that is the end.
enum SMTPData {
    static func encode(_ text: String) -> [UInt8] {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        let dot = UInt8(ascii: ".")
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 32 + 8)
        var lineStart = true
        var afterCR = false
        for byte in text.utf8 {
            if byte == lf && afterCR {
                afterCR = false
                continue
            }
            afterCR = byte == cr
            if byte == cr || byte == lf {
                out += [cr, lf]
                lineStart = true
                continue
            }
            if lineStart && byte == dot { out.append(dot) }
            lineStart = false
            out.append(byte)
        }
        if !lineStart { out += [cr, lf] }
        return out + [dot, cr, lf]
    }
}
