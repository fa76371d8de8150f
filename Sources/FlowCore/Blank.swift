extension StringProtocol {
    /// Nothing a reader would see: Unicode's White_Space, and the zero-width space (U+200B), which Foundation's
    /// `whitespacesAndNewlines` also counts. The same set as that one, without trimming a copy through Foundation's
    /// bridge, which showed in a comment's profile; checked on every comment and request for changes.
    public var isBlank: Bool {
        unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0 == "\u{200B}" }
    }
}
