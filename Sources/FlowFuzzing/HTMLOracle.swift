/// An HTML reader of the fuzz targets' own, independent of the escapes it judges: it follows the HTML standard's
/// tokenizer far enough to see everything that could become markup (start and end tags with their attribute
/// names, comments, doctypes, processing-instruction-like bogus comments) and ignores text. Two renderings of one
/// template, one with hostile user text and one with plain text in the same places, must read the same.
enum HTMLOracle {
    /// The markup of `html`, in order: `<name attr attr>`, `</name>`, `<!--`, `<!doctype`, `<!`, `<?`.
    static func markup(_ html: String) -> [String] {
        let bytes = Array(html.utf8)
        var out: [String] = []
        var index = 0
        /// After `<title>` or `<textarea>` (RCDATA), `<style>` or `<script>` (raw text): only the matching end tag.
        var rawUntil: [UInt8]?
        func starts(_ text: String, at position: Int) -> Bool {
            let pattern = Array(text.utf8)
            guard position + pattern.count <= bytes.count else { return false }
            return (0..<pattern.count).allSatisfy { lower(bytes[position + $0]) == pattern[$0] }
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if let end = rawUntil {
                // Only `</name` followed by a space, `/` or `>` ends raw text.
                let after = index + 2 + end.count
                if starts("</" + String(decoding: end, as: UTF8.self), at: index)
                    && (after >= bytes.count || isSpace(bytes[after]) || bytes[after] == 47 || bytes[after] == 62)
                {
                    rawUntil = nil
                } else {
                    index += 1
                    continue
                }
            }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if starts("<!--", at: index) {
                out.append("<!--")
                index = find("-->", in: bytes, from: index + 4).map { $0 + 3 } ?? bytes.count
            } else if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                out.append(starts("<!doctype", at: index) ? "<!doctype" : next == 33 ? "<!" : "<?")
                index = bytes[(index + 2)...].firstIndex(of: 62).map { $0 + 1 } ?? bytes.count
            } else if isAlpha(next) || (next == 47 && index + 2 < bytes.count && isAlpha(bytes[index + 2])) {
                let closing = next == 47
                var position = index + (closing ? 2 : 1)
                var name: [UInt8] = []
                while position < bytes.count, !isSpace(bytes[position]), bytes[position] != 47, bytes[position] != 62 {
                    name.append(lower(bytes[position]))
                    position += 1
                }
                let attributes = Self.attributes(bytes, at: &position)
                let tag = String(decoding: name, as: UTF8.self)
                out.append(closing ? "</\(tag)>" : "<\(([tag] + attributes).joined(separator: " "))>")
                if !closing, ["title", "textarea", "style", "script"].contains(tag) { rawUntil = name }
                index = position + 1
            } else {
                index += 1
            }
        }
        return out
    }

    /// A tag's attribute names, from after its name to its `>` (where `position` is left): a name, then maybe `=`
    /// and a value, quoted or not; `>` outside quotes ends the tag.
    private static func attributes(_ bytes: [UInt8], at position: inout Int) -> [String] {
        var attributes: [String] = []
        while position < bytes.count, bytes[position] != 62 {
            if isSpace(bytes[position]) || bytes[position] == 47 {
                position += 1
                continue
            }
            var attribute: [UInt8] = []
            while position < bytes.count, !isSpace(bytes[position]), bytes[position] != 47,
                bytes[position] != 62, bytes[position] != 61 || attribute.isEmpty
            {
                attribute.append(lower(bytes[position]))
                position += 1
            }
            attributes.append(String(decoding: attribute, as: UTF8.self))
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count, bytes[position] == 61 else { continue }
            position += 1
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count else { break }
            let quote = bytes[position]
            if quote == 34 || quote == 39 {
                position = bytes[(position + 1)...].firstIndex(of: quote).map { $0 + 1 } ?? bytes.count
            } else {
                while position < bytes.count, !isSpace(bytes[position]), bytes[position] != 62 { position += 1 }
            }
        }
        return attributes
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    private static func isAlpha(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 9 || byte == 10 || byte == 12 || byte == 13 || byte == 32
    }

    private static func find(_ text: String, in bytes: [UInt8], from start: Int) -> Int? {
        let pattern = Array(text.utf8)
        guard bytes.count >= pattern.count, start <= bytes.count - pattern.count else { return nil }
        return (start...(bytes.count - pattern.count)).first { Array(bytes[$0..<($0 + pattern.count)]) == pattern }
    }
}
