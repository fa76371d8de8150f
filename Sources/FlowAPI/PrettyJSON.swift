/// Compact JSON laid out as `WireJSON.encoder(pretty: true)` lays it out, for flowctl's `--json` output of the
/// answers it reads by hand: two-space indent, `"key" : value`, an empty container over two lines, `/` escaped.
public enum PrettyJSON {
    /// `compact` must be what `WireEncodable` writes: no space outside strings.
    public static func text(_ compact: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(compact.count * 2)
        var depth = 0
        var inString = false
        var escaped = false
        var previous: UInt8 = 0
        func newline() {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
        }
        for byte in compact {
            defer { previous = byte }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                } else if byte == UInt8(ascii: "/") {
                    out.append(UInt8(ascii: "\\"))
                }
                out.append(byte)
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                out.append(byte)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                out.append(byte)
                depth += 1
                newline()
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if previous == UInt8(ascii: "{") || previous == UInt8(ascii: "[") {
                    out.removeLast(depth * 2)
                }
                depth -= 1
                newline()
                out.append(byte)
            case UInt8(ascii: ","):
                out.append(byte)
                newline()
            case UInt8(ascii: ":"):
                out.append(contentsOf: " : ".utf8)
            default:
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
