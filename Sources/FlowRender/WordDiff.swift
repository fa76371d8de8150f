/// What changed between the text a reader last saw and the one before them, word by word: the words both share,
/// the ones taken out, the ones put in. Bounded: past `maxCells` of comparison (after the shared beginning and end
/// are set aside, which is where most edits leave most of a post) the middle shows as taken out whole and put in
/// whole, so a hostile pair of long texts costs linear time.
public enum WordDiff {
    public enum Kind: Sendable, Equatable {
        case same, removed, added
    }

    public struct Piece: Sendable, Equatable {
        public var kind: Kind
        public var text: String
    }

    static let maxCells = 250_000

    public static func pieces(from old: String, to new: String) -> [Piece] {
        let a = tokens(old)
        let b = tokens(new)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        var out: [Piece] = []
        func add(_ kind: Kind, _ text: Substring) {
            if let last = out.last, last.kind == kind {
                out[out.count - 1].text += text
            } else if !text.isEmpty {
                out.append(Piece(kind: kind, text: String(text)))
            }
        }
        for token in a[..<prefix] { add(.same, token) }
        if middleA.count * middleB.count > maxCells {
            for token in middleA { add(.removed, token) }
            for token in middleB { add(.added, token) }
        } else {
            for (kind, token) in common(middleA, middleB) { add(kind, token) }
        }
        for token in a[(a.count - suffix)...] { add(.same, token) }
        return out
    }

    /// Words and the white space between them, each its own token, so that spacing survives the diff.
    static func tokens(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        var inSpace: Bool?
        while index < text.endIndex {
            let space = text[index].isWhitespace
            if let current = inSpace, current != space {
                result.append(text[start..<index])
                start = index
            }
            inSpace = space
            index = text.index(after: index)
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    /// The longest common subsequence of two token lists, walked into same, removed and added tokens. Tokens are
    /// compared as numbers, one per distinct token by its UTF-8 bytes: comparing the strings in every cell would cost
    /// a Unicode comparison each, long for long hostile tokens.
    static func common(_ a: [Substring], _ b: [Substring]) -> [(Kind, Substring)] {
        var ids: [[UInt8]: Int] = [:]
        func id(_ token: Substring) -> Int {
            let bytes = Array(token.utf8)
            if let known = ids[bytes] { return known }
            ids[bytes] = ids.count
            return ids.count - 1
        }
        let x = a.map(id)
        let y = b.map(id)
        let n = a.count
        let m = b.count
        // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lengths = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i * (m + 1) + j] =
                    x[i] == y[j]
                    ? lengths[(i + 1) * (m + 1) + j + 1] + 1
                    : max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1])
            }
        }
        var result: [(Kind, Substring)] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, x[i] == y[j] {
                result.append((.same, a[i]))
                i += 1
                j += 1
            } else if i < n, j == m || lengths[(i + 1) * (m + 1) + j] >= lengths[i * (m + 1) + j + 1] {
                // What went out before what came in, as a reader compares.
                result.append((.removed, a[i]))
                i += 1
            } else {
                result.append((.added, b[j]))
                j += 1
            }
        }
        return result
    }
}
