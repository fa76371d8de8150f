/// Text from users is data wherever flowd writes it into markup: HTML (review pages, mail), Slack's mrkdwn, a
/// terminal. Every escape here works on UTF-8 bytes, never on `Character`s. A grapheme cluster can swallow a markup
/// character: `U+0600` before `<`, or a combining mark after `>`, makes one `Character` that is neither `<` nor `>`,
/// so an escape that compares Characters lets the raw bracket through. The characters that matter are ASCII, and
/// in UTF-8 an ASCII byte is always its own scalar, so a byte-wise escape is a scalar-wise one.
public enum TextEscaping {
    /// HTML text and attribute values (quoted with `"` or `'`): `& < > " '` as entities.
    public static func html(_ text: String) -> String {
        replacing(text) { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: ">"): "&gt;"
            case UInt8(ascii: "\""): "&quot;"
            case UInt8(ascii: "'"): "&#39;"
            default: nil
            }
        }
    }

    /// Slack's markup characters as the entities Slack documents, so text from users can neither mention a channel
    /// (`<!channel>`), a person (`<@U123>`) nor disguise a link (`<https://evil|approve here>`).
    public static func slack(_ text: String) -> String {
        replacing(text) { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: ">"): "&gt;"
            default: nil
            }
        }
    }

    /// For a terminal: control characters (C0 but newline and tab, DEL, C1: every escape sequence starts with one)
    /// and the bidirectional overrides and isolates (which reorder what a table shows) become U+FFFD.
    public static func terminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafeForTerminal) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(isUnsafeForTerminal(scalar) ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }

    static func isUnsafeForTerminal(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F...0x9F).contains(value)
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    /// The text with each byte that `entity` names replaced; the text itself when there is none, without a copy.
    private static func replacing(_ text: String, _ entity: (UInt8) -> StaticString?) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { entity($0) != nil }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            if let replacement = entity(byte) {
                replacement.withUTF8Buffer { out.append(contentsOf: $0) }
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
