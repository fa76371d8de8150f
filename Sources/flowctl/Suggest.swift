/// "Did you mean": a mistyped verb, or a help topic that is no verb, gets the nearest verb flowctl knows, and exit 64
/// (usage), like any other usage error.
enum Suggest {
    /// flowctl's global options that take a value, which a walk over the words steps over with it.
    static let optionsWithValues: Set<String> = ["--socket", "--as", "--generate-completion-script"]

    /// The usage error for `arguments` that ArgumentParser would answer without a hint, or accept where it should
    /// not (`help nosuch` prints the overview and exits 0); nil when the arguments are for ArgumentParser to judge.
    static func usageError(_ arguments: [String], verbs: [String]) -> String? {
        var index = 0
        // Global options before the verb, and their values.
        while index < arguments.count, arguments[index].hasPrefix("-") {
            index += optionsWithValues.contains(arguments[index]) ? 2 : 1
        }
        guard index < arguments.count else { return nil }
        let word = arguments[index]
        if word == "help", index + 1 < arguments.count {
            let topic = arguments[index + 1]
            guard !verbs.contains(topic) else { return nil }
            return "no verb \(quotedWord(topic)) to help with" + hint(topic, among: verbs)
        }
        guard !verbs.contains(word), word != "help" else { return nil }
        return "unknown verb \(quotedWord(word))" + hint(word, among: verbs) + "; flowctl --help lists them"
    }

    /// An option the verb does not have: ArgumentParser checks the command's own rules first, so `new --titel x`
    /// was answered "give --client and --title" with no word of the typo. `options` are the verb's option names.
    static func unknownOption(_ arguments: [String], options: Set<String>) -> String? {
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("--") else { continue }
            let name = String(argument.prefix { $0 != "=" })
            guard !options.contains(name) else { continue }
            return "unknown option \(quotedWord(name))" + hint(name, among: options.sorted())
        }
        return nil
    }

    /// The long option names a help text lists, `--[no-]x` as both `--x` and `--no-x`.
    static func optionNames(inHelp text: String) -> Set<String> {
        var names: Set<String> = ["--help"]
        for match in text.matches(of: /--(\[no-\])?([a-z0-9][a-z0-9-]*)/) {
            names.insert("--" + match.2)
            if match.1 != nil { names.insert("--no-" + match.2) }
        }
        return names
    }

    private static func hint(_ word: String, among names: [String]) -> String {
        nearest(word, among: names).map { " (did you mean \($0)?)" } ?? ""
    }

    /// The name at the smallest edit distance from `word`, if it is close (at most a third of its length, at least
    /// one edit).
    static func nearest(_ word: String, among names: [String]) -> String? {
        let bound = max(1, word.count / 3)
        let scored = names.map { ($0, distance(word, $0)) }.filter { $0.1 <= bound }
        return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    /// Levenshtein distance, with a swap of two neighbours counted as one edit ("shwo" → "show").
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.prefix(64))
        let b = Array(b.prefix(64))
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var rows = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { rows[i][0] = i }
        for j in 0...b.count { rows[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
                }
            }
        }
        return rows[a.count][b.count]
    }

    private static func quotedWord(_ word: String) -> String { "'" + String(word.prefix(64)) + "'" }
}
