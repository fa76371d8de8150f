import Foundation

/// How a draft's content, labels and names are checked: the rules every create and edit passes through.
extension Workflow {
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
