/// Text that tries to become markup: each input byte picks a piece, and the pieces put characters that extend a
/// grapheme cluster (prepend characters, combining marks, joiners) around every character markup is made of.
enum HostileText {
    static let pieces: [String] = [
        "<", ">", "&", "\"", "'", "/", "!", "-", "=", " ", "\n", "\r", "\t", "?", "|", "@", "#", ":", ";", "`",
        "a", "p", "meta", "script", "<!--", "-->", "</textarea>", "</title>", "</pre>", "</style>",
        "<meta http-equiv=refresh content=0;url=https://example.org/>", "<span hidden>", "<!channel>", "<@U0CARL>",
        "<https://example.org|approve here>", "&lt;", "&#60;", "&amp;", "*bold*", "```",
        // Unicode's prepend characters (Grapheme_Cluster_Break=Prepend): they join the character after them.
        "\u{0600}", "\u{0601}", "\u{0602}", "\u{0603}", "\u{0604}", "\u{0605}", "\u{06DD}", "\u{070F}", "\u{0890}",
        "\u{0891}", "\u{08E2}", "\u{110BD}", "\u{110CD}",
        // Extenders: they join the character before them.
        "\u{0301}", "\u{0327}", "\u{20DD}", "\u{FE0F}", "\u{200D}", "\u{200C}", "\u{1F3FD}",
        "👩", "ᄀ", "ᅡ", "é", "中", "\u{1B}[31m", "\u{7F}", "\u{85}", "\u{202E}", "\u{2066}",
    ]

    /// The input as fields (split at byte 0), each made of the pieces its bytes pick.
    static func fields(_ bytes: [UInt8], count: Int) -> [String] {
        var fields = bytes.split(separator: 0, omittingEmptySubsequences: false).map { field in
            field.map { pieces[Int($0) % pieces.count] }.joined()
        }
        while fields.count < count { fields.append(fields.last ?? "") }
        return Array(fields.prefix(count))
    }

    /// What the hostile field stands in for in the plain rendering: the same emptiness, no markup.
    static func plain(_ text: String) -> String { text.isEmpty ? "" : "x" }
}
