import Foundation

/// One pass over a post's text: where its links are, how many hashtags and mentions it has, and what its length is
/// in each channel's unit (`TextCounting`). Every step moves forward through the text, and a link, hashtag or
/// mention is read once, so the whole is linear in the text's length.
///
/// A link is what a reader can follow without guessing: `http://` or `https://` after a space or punctuation, up
/// to the next space, without the punctuation that ends a sentence. twitter-text also finds bare domains
/// (`example.com`) by a list of top-level domains; those count here as the characters they are.
struct ChannelText {
    /// The text outside links, in order.
    private(set) var plain: [Substring] = []
    private(set) var links: [Substring] = []
    private(set) var hashtags = 0
    private(set) var mentions = 0
    /// Scalars of `@domain` tails of mentions of remote accounts, which Mastodon does not count.
    private(set) var remoteDomains = 0

    init(_ text: String) {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        var plainStart = index
        var previous: Unicode.Scalar?
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let atBoundary = previous.map { !Self.isWord($0) } ?? true
            if atBoundary, scalar == "h" || scalar == "H", let end = Self.linkEnd(in: scalars, from: index) {
                plain.append(text[plainStart..<index])
                links.append(text[index..<end])
                previous = scalars[scalars.index(before: end)]
                (index, plainStart) = (end, end)
                continue
            }
            if atBoundary, previous != "@", scalar == "#" || scalar == "\u{FF03}" {
                let (end, tagged) = Self.hashtagEnd(in: scalars, after: index)
                if tagged { hashtags += 1 }
                previous = scalars[scalars.index(before: end)]
                index = end
                continue
            }
            if atBoundary, scalar == "@" || scalar == "\u{FF20}" {
                let (end, domain) = Self.mentionEnd(in: scalars, after: index)
                if end > scalars.index(after: index) { mentions += 1 }
                remoteDomains += domain
                previous = scalars[scalars.index(before: end)]
                index = end
                continue
            }
            previous = scalar
            index = scalars.index(after: index)
        }
        plain.append(text[plainStart..<scalars.endIndex])
    }

    /// The text's length in `counting`'s unit, a link counting `linkLength` where the channel fixes one.
    func length(_ counting: TextCounting, linkLength: Int?) -> Int {
        var total = 0
        for piece in plain {
            switch counting {
            case .twitterWeighted: total += piece.reduce(0) { $0 + Self.twitterWeight($1) }
            case .graphemes, .mastodon: total += piece.count
            case .emojiBytes: total += piece.reduce(0) { $0 + (Self.isEmoji($1) ? $1.utf8.count : 1) }
            case .utf16: total += piece.utf16.count
            case .scalars: total += piece.unicodeScalars.count
            }
        }
        for link in links {
            if let linkLength {
                total += linkLength
                continue
            }
            switch counting {
            case .twitterWeighted, .graphemes, .mastodon, .emojiBytes: total += link.count
            case .utf16: total += link.utf16.count
            case .scalars: total += link.unicodeScalars.count
            }
        }
        return counting == .mastodon ? total - remoteDomains : total
    }

    /// A character's weight on X: an emoji weighs 2 whatever it is made of; otherwise each code point weighs 1 in
    /// twitter-text's ranges and 2 outside them.
    static func twitterWeight(_ character: Character) -> Int {
        if isEmoji(character) { return 2 }
        var weight = 0
        for scalar in character.unicodeScalars {
            weight += TextCounting.weightOne.contains { $0.contains(scalar.value) } ? 1 : 2
        }
        return weight
    }

    /// Whether a character is shown as an emoji: one that is by default, or a sequence an emoji starts and a
    /// variation selector, keycap, skin tone or zero-width joiner makes one. A digit or `#` alone is not.
    static func isEmoji(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return false }
        if first.properties.isEmojiPresentation { return true }
        guard first.properties.isEmoji, scalars.count > 1 else { return false }
        return scalars.contains {
            $0 == "\u{FE0F}" || $0 == "\u{20E3}" || $0 == "\u{200D}" || $0.properties.isEmojiModifier
        }
    }

    private static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    private static func isASCIIName(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar.isASCII && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil))
    }

    /// Where a link starting at `start` ends, or nil when no link starts there.
    private static func linkEnd(in scalars: String.UnicodeScalarView, from start: String.Index) -> String.Index? {
        var index = start
        var scheme = ""
        while index < scalars.endIndex, scheme.utf8.count < 8, scalars[index].isASCII {
            scheme.unicodeScalars.append(scalars[index].properties.lowercaseMapping.unicodeScalars.first!)
            index = scalars.index(after: index)
            if scheme == "http://" || scheme == "https://" { break }
        }
        guard scheme == "http://" || scheme == "https://" else { return nil }
        let host = index
        var end = index
        var opened = 0
        var lastKept = index
        while end < scalars.endIndex {
            let scalar = scalars[end]
            if scalar.properties.isWhitespace || scalar == "<" || scalar == ">" || scalar == "\"" { break }
            if scalar == "(" { opened += 1 }
            end = scalars.index(after: end)
            // Sentence punctuation at the end is not part of the link; a closing parenthesis only when unmatched.
            if scalar == ")" {
                if opened > 0 {
                    opened -= 1
                    lastKept = end
                }
            } else if !".,:;!?'".unicodeScalars.contains(scalar) {
                lastKept = end
            }
        }
        return lastKept > host ? lastKept : nil
    }

    /// The end of a hashtag's name after the sign at `sign`, and whether it is one: letters, digits and `_`, not
    /// digits alone.
    private static func hashtagEnd(in scalars: String.UnicodeScalarView, after sign: String.Index) -> (
        String.Index, Bool
    ) {
        var index = scalars.index(after: sign)
        var hasLetter = false
        while index < scalars.endIndex, isWord(scalars[index]) || scalars[index].properties.isGraphemeExtend {
            if scalars[index].properties.numericType == nil { hasLetter = true }
            index = scalars.index(after: index)
        }
        return (index, hasLetter)
    }

    /// The end of a mention after the `@` at `sign` (the sign's own end when no name follows), and how many
    /// scalars its `@domain` tail has when it names an account on another server.
    private static func mentionEnd(in scalars: String.UnicodeScalarView, after sign: String.Index) -> (
        String.Index, Int
    ) {
        var index = scalars.index(after: sign)
        while index < scalars.endIndex, isASCIIName(scalars[index]) { index = scalars.index(after: index) }
        guard index > scalars.index(after: sign), index < scalars.endIndex, scalars[index] == "@" else {
            return (index, 0)
        }
        var end = scalars.index(after: index)
        var tail = 1
        var dotted = false
        var lastKept = index
        var keptTail = 0
        while end < scalars.endIndex, isASCIIName(scalars[end]) || scalars[end] == "." || scalars[end] == "-" {
            if scalars[end] == "." { dotted = true }
            let kept = scalars[end] != "." && scalars[end] != "-"
            end = scalars.index(after: end)
            tail += 1
            if kept { (lastKept, keptTail) = (end, tail) }
        }
        return dotted && keptTail > 1 ? (lastKept, keptTail) : (index, 0)
    }
}
