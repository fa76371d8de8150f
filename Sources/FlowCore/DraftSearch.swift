/// Words to look for in drafts' titles and bodies (`flowctl ls --search`), as a person typed them. The text is data:
/// it is cut into words at white space here, and the store looks for each word as written (`Store.matchQuery`), so no
/// character in it is an operator of the search engine. One check, for flowctl's option and the daemon's query alike.
public struct DraftSearch: Sendable, Equatable {
    /// A search is a few words, not a post: this bounds the work one query may ask of the index.
    public static let maxCharacters = 200

    /// The words in the order given: runs of text between white space that hold a letter or a digit. Punctuation on
    /// its own finds nothing in a title or body, so it is left out rather than searched for.
    public let words: [String]

    public init(_ text: String) throws(Refusal) {
        // Bytes first: a character can be many bytes, so no character count runs on an unbounded string.
        guard text.utf8.count <= Self.maxCharacters * 4, text.count <= Self.maxCharacters else {
            throw Refusal(.invalidRequest, "search is longer than \(Self.maxCharacters) characters")
        }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw Refusal(.invalidRequest, "search holds a control character: give words on one line")
        }
        words = text.split(whereSeparator: \.isWhitespace).map(String.init).filter { word in
            word.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        }
        guard !words.isEmpty else {
            throw Refusal(.invalidRequest, "search needs a word to look for: letters or digits")
        }
    }
}
