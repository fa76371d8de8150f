/// Inputs that make toml++ (inside TOMLKit 0.6.0) abort on an assertion instead of reporting a syntax error:
/// a table header whose name does not start right after `[`, and `}` as the first thing in an array. Found by
/// fuzzing; refused here first, so a bad file given to check-config or SIGHUP is an error, not a crash.
enum TOMLHazards {
    static func find(in text: String) -> ConfigIssue? {
        let b = Array(text.utf8)
        let n = b.count
        var i = 0
        var line = 1
        var open: [UInt8] = []  // the brackets and braces of the values being read
        var atLineStart = true
        while i < n {
            let c = b[i]
            if c == byte("\n") {
                line += 1
                atLineStart = true
                i += 1
                continue
            }
            if c == byte(" ") || c == byte("\t") || c == byte("\r") {
                i += 1
                continue
            }
            if c == byte("#") {
                while i < n && b[i] != byte("\n") { i += 1 }
                continue
            }
            atLineStart = atLineStart && c == byte("[")
            if c == byte("\"") || c == byte("'") {
                i = endOfString(b, from: i, line: &line)
                atLineStart = false
                continue
            }
            if c == byte("[") && atLineStart && open.isEmpty {
                var j = i + 1
                if j < n && b[j] == byte("[") { j += 1 }
                while j < n && (b[j] == byte(" ") || b[j] == byte("\t")) { j += 1 }
                guard j < n, isKeyStart(b[j]) else {
                    return ConfigIssue(line: line, message: "syntax: a table header needs a name after '['")
                }
                i = j
                atLineStart = false
                continue
            }
            atLineStart = false
            // Where an array expects a value, toml++ asserts that no '}' comes.
            if c == byte("[") || (c == byte(",") && open.last == byte("[")) {
                if nextSignificant(b, from: i + 1) == byte("}") {
                    return ConfigIssue(line: line, message: "syntax: '}' where an array expects a value")
                }
            }
            if c == byte("[") || c == byte("{") {
                open.append(c)
            } else if c == byte("]") || c == byte("}") {
                _ = open.popLast()
            }
            i += 1
        }
        return nil
    }

    private static func byte(_ c: Character) -> UInt8 { c.asciiValue! }

    private static func isKeyStart(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == byte("_")
            || c == byte("-") || c == byte("\"") || c == byte("'")
    }

    /// The next byte that is not whitespace, a newline or a comment, from `start`.
    private static func nextSignificant(_ b: [UInt8], from start: Int) -> UInt8? {
        let n = b.count
        var j = start
        while j < n {
            if b[j] == byte("#") {
                while j < n && b[j] != byte("\n") { j += 1 }
            } else if [byte(" "), byte("\t"), byte("\r"), byte("\n")].contains(b[j]) {
                j += 1
            } else {
                return b[j]
            }
        }
        return nil
    }

    /// Where the string that opens at `i` ends, triple-quoted or not, counting the lines it spans into `line`.
    private static func endOfString(_ b: [UInt8], from i: Int, line: inout Int) -> Int {
        let n = b.count
        let c = b[i]
        let triple = i + 2 < n && b[i + 1] == c && b[i + 2] == c
        var j = i + (triple ? 3 : 1)
        while j < n {
            if c == byte("\"") && b[j] == byte("\\") {
                j += 2
                continue
            }
            if b[j] == byte("\n") { line += 1 }
            if b[j] == c && (!triple || (j + 2 < n && b[j + 1] == c && b[j + 2] == c)) {
                j += triple ? 3 : 1
                break
            }
            if b[j] == byte("\n") && !triple { break }
            j += 1
        }
        return j
    }
}
