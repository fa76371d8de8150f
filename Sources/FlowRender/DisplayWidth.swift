/// How many columns of a terminal a text takes. A table pads by this, never by `Character` count: East Asian wide
/// letters and emoji take two columns, and a combining mark none of its own, so counting Characters misaligns
/// every column after a Japanese title or a 👍. No package: the wide ranges below are East Asian Width W and F from
/// Unicode's EastAsianWidth.txt, folded into blocks; emoji come from the standard library's scalar properties.
public enum DisplayWidth {
    /// The columns of a whole text: the sum of its grapheme clusters'.
    public static func of(_ text: String) -> Int {
        // ASCII, by far the most common text in a table, is one column a byte but for the controls.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    /// One grapheme cluster (what a terminal draws in one place): two columns when it shows as an emoji (a scalar
    /// with emoji presentation, or any followed by VS16) or starts with a wide letter; its marks add nothing.
    public static func of(_ character: Character) -> Int {
        var width = 0
        for scalar in character.unicodeScalars {
            if scalar.properties.isEmojiPresentation || (scalar.value == 0xFE0F && width > 0) { return 2 }
            width = max(width, of(scalar))
        }
        return width
    }

    /// One scalar on its own: 0 for controls, marks, format characters and the Hangul vowels and finals that join
    /// the syllable before them; 2 for emoji and East Asian wide and fullwidth letters; else 1.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) || (0x1160...0x11FF).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    /// East Asian Width W and F, by block: Hangul Jamo initials, CJK radicals to the CJK symbols and punctuation,
    /// kana to CJK compatibility, CJK extension A and unified ideographs, Yi, Hangul syllables, CJK compatibility
    /// ideographs, vertical and small forms, fullwidth forms, Tangut and kana supplements, the ideographic planes.
    static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
        0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
