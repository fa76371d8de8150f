import FlowCore

extension MailNotice {
    /// What the mail says of the post's media: how many there are, whether the first is shown, and on an approved
    /// draft each one's address for the publisher, which serves exactly the approved bytes.
    func mediaLines(_ language: PageLanguage, shown: Bool) -> [String] {
        let media = envelope.draft.media ?? []
        guard !media.isEmpty else { return [] }
        let more = media.count - (shown ? 1 : 0)
        var line: String
        switch language {
        case .de:
            line = "Bilder und Videos: \(media.count)"
            if shown { line += more > 0 ? " (das erste unten, \(more) weitere auf der Seite)" : " (unten)" }
        case .en:
            line = "Pictures and videos: \(media.count)"
            if shown { line += more > 0 ? " (the first below, \(more) more on the page)" : " (below)" }
        }
        var lines = ["", line]
        let addressed = media.compactMap { medium in medium.url.map { (medium, $0) } }
        guard !addressed.isEmpty else { return lines }
        lines += [
            "",
            language == .de
                ? "Die freigegebenen Dateien, bis zur Veröffentlichung abrufbar:"
                : "The approved files, to fetch until the post is published:",
        ]
        for (index, (medium, url)) in addressed.enumerated() {
            let sha = (medium.sha256 ?? "").prefix(12)
            lines.append("\(index + 1). \(medium.type ?? "") \(medium.bytes ?? 0) bytes, sha256 \(sha)…: \(url)")
        }
        return lines
    }
}
