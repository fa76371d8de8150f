import Foundation

/// How a request's content, labels and names are checked: the sizes every request is held to before it may
/// wait for the writer, and the rules every create and edit passes through.
extension Workflow {
    /// The limits every request is held to, checked in one linear pass over its sizes before it may wait for
    /// the writer: no field's size can make a decision (which runs inside the write transaction) slow.
    public static func precheck(_ request: Request) throws(Refusal) {
        if let message = request.message, message.utf8.count > maxMessageBytes {
            throw Refusal(.invalidRequest, "message is longer than \(maxMessageBytes) bytes")
        }
        var title: String?
        var body: String?
        var channels: [String]?
        var labels: [String] = []
        var names: [(what: String, name: String)] = []
        switch request.command {
        case .create(let client, _, let content, let rawLabels):
            (title, body, channels, labels) = (content.title, content.body, content.channels, rawLabels)
            names = [("client", client)]
        case .defineTemplate(let client, _, let content, let rawLabels, let rules):
            (title, body, channels, labels) = (content.title, content.body, content.channels, rawLabels)
            names = [("client", client), ("template name", rules.name)]
        case .useTemplate(let use):
            labels = use.labels
            try use.precheck()
        case .edit(let patch):
            (title, body, channels) = (patch.title, patch.body, patch.channels)
            if let alt = patch.media?.alt { try checkAlt(alt) }
        case .publish(let url, let externalID, let hash):
            if (url?.utf8.count ?? 0) > 2048 { throw Refusal(.invalidRequest, "url is longer than 2048 bytes") }
            if let url { try PublishedURL.check(url) }
            if (externalID?.utf8.count ?? 0) > 512 {
                throw Refusal(.invalidRequest, "external id is longer than 512 bytes")
            }
            if (hash?.utf8.count ?? 0) > 128 { throw Refusal(.invalidRequest, "content hash is longer than 128 bytes") }
        case .submit, .approve, .requestChanges, .withdraw, .comment, .acknowledge:
            break
        }
        for (what, name) in names where name.utf8.count > 64 {
            throw Refusal(.invalidRequest, "\(what) is longer than 64 bytes")
        }
        // Bytes first: a character can be many bytes, so no character count runs on an unbounded string.
        if let title, title.utf8.count > maxTitleLength * 4 {
            throw Refusal(.invalidRequest, "title is longer than \(maxTitleLength) characters")
        }
        if let body, body.utf8.count > maxBodyBytes {
            throw Refusal(.invalidRequest, "body is longer than \(maxBodyBytes) bytes")
        }
        if let channels, channels.count > maxChannels {
            throw Refusal(.invalidRequest, "at most \(maxChannels) channels, not \(channels.count)")
        }
        if labels.count > maxLabels {
            throw Refusal(.invalidRequest, "at most \(maxLabels) labels, not \(labels.count)")
        }
        for name in (channels ?? []) + labels where name.utf8.count > 64 {
            throw Refusal(
                .invalidRequest, "\(quoted(name)) is longer than 64 bytes: channels and labels are short names")
        }
    }

    /// How far in the past a publish time may lie when it is given: the time a request takes to arrive (flowctl's
    /// `--now` sends the moment it was typed).
    static let publishTimeSlack: TimeInterval = 300

    /// A publish time given now must be to come: one in the past (2020, or a typo of the year) would make the draft
    /// overdue the moment it is approved. The refusal says the time as the client's clock shows it (`zone`), the
    /// way it was typed.
    static func checkPublishTime(_ date: Date?, now: Date, zone: TimeZone?) throws(Refusal) {
        guard let date, date < now.addingTimeInterval(-publishTimeSlack) else { return }
        let local: String = SpokenTime.format(date, in: zone, language: .en, now: now)
        throw Refusal(
            .invalidRequest,
            "the publish time \(local) is in the past: give a time to come, or --now to publish as soon as it is "
                + "approved")
    }

    /// An alt text is read aloud and shown under a picture.
    static func checkAlt(_ alt: String) throws(Refusal) {
        try checkShown(alt, as: "alt text", maxBytes: Medium.maxAltBytes)
    }

    /// Text a person wrote that pages, mail and terminals show: bounded, and no control characters but line breaks.
    /// `what` names it in the refusal.
    static func checkShown(_ text: String, as what: String, maxBytes: Int) throws(Refusal) {
        guard text.utf8.count <= maxBytes else {
            throw Refusal(.invalidRequest, "\(what) is longer than \(maxBytes) bytes")
        }
        for scalar in text.unicodeScalars where scalar.properties.generalCategory == .control && scalar != "\n" {
            throw Refusal(.invalidRequest, "\(what) holds a control character (U+\(hex4(scalar.value)))")
        }
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The content, trimmed and checked; a template's body must also parse as one (its placeholders typed and
    /// within their limits), and it has no publish time of its own.
    static func validated(_ content: Content, template: Bool = false) throws(Refusal) -> Content {
        if template {
            _ = try TemplateText(parsing: content.body)
            if content.publishAt != nil {
                throw Refusal(.invalidRequest, "a template has no publish time: give one when you use it")
            }
        }
        var content = content
        content.title = content.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !content.title.isEmpty else { throw Refusal(.invalidRequest, "title must not be empty") }
        guard content.title.count <= maxTitleLength else {
            throw Refusal(.invalidRequest, "title is longer than \(maxTitleLength) characters")
        }
        guard !content.title.contains(where: \.isNewline) else {
            throw Refusal(.invalidRequest, "title must be one line")
        }
        guard content.body.utf8.count <= maxBodyBytes else {
            throw Refusal(.invalidRequest, "body is longer than \(maxBodyBytes) bytes")
        }
        var seen: Set<String> = []
        var channels: [String] = []
        for raw in content.channels {
            let channel = raw.lowercased()
            guard isIdentifier(channel) else {
                throw Refusal(.invalidRequest, "channel \(quoted(raw)) is not a name like linkedin or x")
            }
            if seen.insert(channel).inserted { channels.append(channel) }
        }
        content.channels = channels
        return content
    }

    static func validatedLabels(_ labels: [String]) throws(Refusal) -> [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for label in labels {
            let name = label.lowercased()
            guard isIdentifier(name) else {
                throw Refusal(.invalidRequest, "label \(quoted(label)) is not a plain name")
            }
            if seen.insert(name).inserted { out.append(name) }
        }
        return out
    }

    /// Names that are safe in tables, URLs and config: lower-case letters, digits, `-`, `_`, `.`.
    public static func isIdentifier(_ string: String) -> Bool {
        !string.isEmpty && string.utf8.count <= 64
            && string.utf8.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2d || byte == 0x5f
                    || byte == 0x2e
            }
    }
}

/// Quotes a user-supplied string for an error message, cut short so a huge input cannot flood it.
public func quoted(_ string: String) -> String {
    let cut = string.count > 64 ? String(string.prefix(64)) + "…" : string
    return "\"" + cut + "\""
}
