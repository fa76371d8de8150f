import FlowCore
import FlowRender
public import Foundation

/// A notification envelope written as RFC 5322 mail, one message per person it names who has an e-mail address,
/// in that person's language, with their own review link. Pure: the caller supplies the time and the ids, and
/// flowd-mail hands the text to its transport.
public struct MailNotice {
    /// nil for a type this flowd-mail does not know (a newer flowd): the mail gets a plain subject.
    let type: NotificationType?
    let envelope: MailEnvelope

    public init(envelope: MailEnvelope) {
        type = NotificationType(name: envelope.type ?? "")
        self.envelope = envelope
    }

    /// The messages to send. `id` (the envelope's stable webhook id) begins each Message-ID, so a retry writes the
    /// same ones; `now` is the Date header; `picture`, the post's first picture, is shown small in each.
    public func messages(from sender: String, id: String, now: Date, picture: MailPicture? = nil) -> [String] {
        addressed(from: sender, id: id, now: now, picture: picture).map(\.text)
    }

    /// The same messages with the flowd name of the person each is for (a Maildir per person is named by it).
    public func addressed(from sender: String, id: String, now: Date, picture: MailPicture? = nil)
        -> [(person: String, text: String)]
    {
        envelope.notify.compactMap { person in
            guard let name = person.name, let address = person.email, Self.isAddress(address) else { return nil }
            let language = PageLanguage(tag: person.locale ?? "") ?? .en
            return (
                name,
                message(
                    to: address, name: name, language: language, link: envelope.links[name], from: sender,
                    id: "\(id).\(name)", now: now, picture: picture)
            )
        }
    }

    func message(
        to address: String, name: String, language: PageLanguage, link: String?, from sender: String, id: String,
        now: Date, picture: MailPicture? = nil
    ) -> String {
        let title = envelope.draft.title ?? ""
        let client = envelope.draft.clientName ?? envelope.draft.client ?? envelope.clientName ?? ""
        let actor = displayName(envelope.event.actor ?? "")
        let items = envelope.items
        let subject = subjectLine(title: title, client: client, actor: actor, language: language)
        var lines = [
            (language == .de ? "Hallo " : "Hello ") + displayName(name) + ",", "", subject,
        ]
        if type == .crisis { lines += ["", crisisLine(client: client, language: language)] }
        var itemLinks: [String] = []
        for item in items {
            let due = item.local.map {
                (language == .de ? " — Entscheidung bis " : " — decide by ") + $0
            }
            lines += ["", "• " + (item.title ?? "") + (due ?? "")]
            if let link = item.link {
                lines.append("  " + link)
                itemLinks.append(link)
            }
        }
        if let message = envelope.event.message, !message.isEmpty {
            lines += ["", (language == .de ? "Nachricht: " : "Message: ") + message]
        }
        if let local = envelope.next {
            lines += ["", (language == .de ? "Nächster Schritt: " : "Next step: ") + local]
        }
        lines += mediaLines(language, shown: picture != nil)
        if let link {
            lines += ["", language == .de ? "Beitrag ansehen und entscheiden:" : "Read the post and decide:", link]
        }
        let inbox = envelope.inboxes[name]
        if let inbox {
            lines += ["", language == .de ? "Alles, was auf Sie wartet:" : "Everything waiting for you:", inbox]
        }
        // Signed by the agency the client works with, when the config names it.
        let signature = envelope.agency.map { "\($0) · \(client)" } ?? "flowd · \(client)"
        lines += ["", "-- ", signature]
        let plain = lines.joined(separator: "\n") + "\n"
        var html = lines.prefix(while: { $0 != "-- " }).filter {
            !$0.isEmpty && $0 != link && $0 != inbox && !itemLinks.contains($0.trimmingCharacters(in: .whitespaces))
        }.map { "<p>\(TextEscaping.html($0))</p>" }
        let cid = "\(Self.messageID(id)).1@flowd"
        if let picture { html.append(picture.html(cid: cid)) }
        html += itemLinks.map { #"<p><a href="\#(TextEscaping.html($0))">\#(TextEscaping.html($0))</a></p>"# }
        if let link {
            html.append(
                #"<p><a href="\#(TextEscaping.html(link))" style="display:inline-block;padding:10px 16px;"#
                    + #"background:#0a7c2f;color:#fff;text-decoration:none;border-radius:6px">"#
                    + TextEscaping.html(language == .de ? "Zur Freigabe" : "Review") + "</a></p>")
        }
        if let inbox { html.append(#"<p><a href="\#(TextEscaping.html(inbox))">\#(TextEscaping.html(inbox))</a></p>"#) }
        html.append("<p style=\"color:#666\">\(TextEscaping.html(signature))</p>")
        let htmlDocument =
            "<!doctype html><html lang=\"\(language.rawValue)\"><meta charset=\"utf-8\"><body>"
            + html.joined(separator: "\n") + "</body></html>\n"
        let head = [
            "From: \(Self.header(sender))", "To: \(Self.header(address))", "Subject: \(Self.encoded(subject))",
            "Date: \(Self.rfc5322(now))", "Message-ID: <\(Self.messageID(id))@flowd>", "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
        ]
        return (head + Self.body(plain: plain, html: htmlDocument, picture: picture, cid: cid, id: id))
            .joined(separator: "\r\n")
    }

    /// The text and HTML as alternatives; with a picture, both inside multipart/related beside it, so the HTML's
    /// `cid:` finds it.
    static func body(plain: String, html: String, picture: MailPicture?, cid: String, id: String) -> [String] {
        let boundary =
            "flowd-"
            + String(id.utf8.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1)) &* 1099511628211 }, radix: 36)
        let alternative = [
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"", "", "--\(boundary)",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "",
            Self.base64(plain), "--\(boundary)", "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: base64", "", Self.base64(html), "--\(boundary)--",
        ]
        guard let picture else { return alternative + [""] }
        let related = boundary + "-r"
        return ["Content-Type: multipart/related; boundary=\"\(related)\"", "", "--\(related)"] + alternative
            + ["--\(related)"] + picture.part(cid: cid) + ["--\(related)--", ""]
    }

    /// The subject: a digest counts its posts, a crisis says what happened, every other type names its post.
    private func subjectLine(title: String, client: String, actor: String, language: PageLanguage) -> String {
        switch type {
        case .digest:
            let count = envelope.items.count
            return language == .de
                ? "Wartet auf Sie: \(count) Beiträge (\(client))"
                : "Waiting for you: \(count) post\(count == 1 ? "" : "s") (\(client))"
        case .crisis:
            return (language == .de ? "Krise bei \(client): " : "Crisis at \(client): ")
                + (envelope.crisisMessage ?? "")
        case .submitted where envelope.draft.reviewMode == ReviewMode.unlessObjected.rawValue:
            let t = language == .de ? "„\(title)“" : "“\(title)”"
            return language == .de
                ? "Geht raus, wenn Sie nicht widersprechen: \(t) (\(client))"
                : "Goes out unless you object: \(t) (\(client))"
        default:
            return Self.subject(type, title: title, client: client, actor: actor, language: language)
        }
    }

    /// Who declared the crisis, and what it means for the reader.
    private func crisisLine(client: String, language: PageLanguage) -> String {
        let by = displayName(envelope.startedBy ?? "")
        return language == .de
            ? "\(by) hat den Krisenmodus für \(client) ausgerufen. Entwürfe gehen jetzt in die Krisen-Spur; "
                + "Sie stehen auf der Krisenliste."
            : "\(by) declared crisis mode for \(client). Drafts now go to the crisis lane; you are on the crisis roster."
    }

    static func subject(_ type: NotificationType?, title: String, client: String, actor: String, language: PageLanguage)
        -> String
    {
        let t = language == .de ? "„\(title)“" : "“\(title)”"
        switch (language, type) {
        case (.de, .submitted): return "Zur Freigabe: \(t) (\(client))"
        case (.de, .approvalGiven): return "\(t): freigegeben von \(actor), weitere Freigaben nötig"
        case (.de, .approved): return "Freigegeben: \(t) (\(client))"
        case (.de, .changesRequested): return "Änderungen erbeten: \(t)"
        case (.de, .published): return "Veröffentlicht: \(t)"
        case (.de, .withdrawn): return "Zurückgezogen: \(t)"
        case (.de, .reminder): return "Erinnerung: \(t) wartet auf Ihre Freigabe"
        case (.de, .warning): return "Bald: \(t) wird eskaliert"
        case (.de, .escalated): return "Jetzt auch für Sie: \(t) wartet auf Freigabe"
        case (.de, .autoApproved): return "Automatisch freigegeben: \(t)"
        case (.de, .returned): return "Freigabefrist abgelaufen: \(t) ist zurück bei der Agentur"
        case (.de, .acknowledged): return "\(t): Entscheidung zugesagt von \(actor)"
        case (.de, .deadlineMissed): return "Frist verpasst: \(t)"
        case (.de, .handedOver): return "Vertretung: \(t) wartet auf Freigabe"
        case (.de, _): return "\(t) (\(client))"
        case (.en, .submitted): return "For your approval: \(t) (\(client))"
        case (.en, .approvalGiven): return "\(t): approved by \(actor), more approvals needed"
        case (.en, .approved): return "Approved: \(t) (\(client))"
        case (.en, .changesRequested): return "Changes requested: \(t)"
        case (.en, .published): return "Published: \(t)"
        case (.en, .withdrawn): return "Withdrawn: \(t)"
        case (.en, .reminder): return "Reminder: \(t) waits for your approval"
        case (.en, .warning): return "Soon: \(t) escalates"
        case (.en, .escalated): return "Now also for you: \(t) waits for approval"
        case (.en, .autoApproved): return "Approved automatically: \(t)"
        case (.en, .returned): return "Review expired: \(t) is back with the agency"
        case (.en, .acknowledged): return "\(t): decision promised by \(actor)"
        case (.en, .deadlineMissed): return "Deadline missed: \(t)"
        case (.en, .handedOver): return "Standing in: \(t) waits for approval"
        case (.en, _): return "\(t) (\(client))"
        }
    }

    /// `local@domain` with nothing a header could be split or extended by.
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && text.utf8.count <= 254
            && text.utf8.allSatisfy {
                $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: ",")
            }
    }

    /// A header value with line breaks removed, so user text can never add a header.
    static func header(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }.map(Character.init))
    }

    /// RFC 2047 for anything beyond ASCII, in chunks so no encoded word passes 75 characters; cut between scalars,
    /// since one grapheme cluster can outgrow a word.
    static func encoded(_ text: String) -> String {
        let clean = header(text)
        guard !clean.unicodeScalars.allSatisfy({ $0.isASCII }) else { return clean }
        var words: [String] = []
        var chunk = String.UnicodeScalarView()
        var size = 0
        for scalar in clean.unicodeScalars {
            if size + UTF8.width(scalar) > 42 {
                words.append(String(chunk))
                chunk = String.UnicodeScalarView()
                size = 0
            }
            chunk.append(scalar)
            size += UTF8.width(scalar)
        }
        if !chunk.isEmpty { words.append(String(chunk)) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
    }

    static func messageID(_ id: String) -> String {
        String(
            id.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-" || $0 == "_" }
                .map(Character.init))
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

}
