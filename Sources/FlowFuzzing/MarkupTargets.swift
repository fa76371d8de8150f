import FlowCore
import FlowDaemon
import FlowMail
import FlowRender
import Foundation

/// The renderers that put user text into markup, one fuzz target each: `page` (the review and status pages),
/// `mail` (flowd-mail's message), `slack` (flowd's Slack texts) and `terminal` (flowctl's). Each renders hostile
/// text (`HostileText`) and checks the output with a reader of its own, never with the escape it judges.
extension FuzzTargets {
    /// The templates as the repository holds them: the fuzz executables and the tests both run in the checkout.
    static let pages: PageRenderer? = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FlowDaemon/Templates").path
        return try? PageRenderer(directory: directory)
    }()

    private static let acmeUsers = [
        User(name: "ana", side: .agency, roles: [.author]), User(name: "carl", side: .company, roles: [.approver]),
        User(name: "dora", side: .company, roles: [.approver]),
    ]

    private static func directory(clientName: String) -> Directory {
        Directory(
            clients: [
                "acme": Client(
                    id: "acme", name: clientName, approvers: ["carl", "dora"],
                    hours: BusinessHours(timeZone: TimeZone(identifier: "Europe/Berlin")!))
            ],
            lanes: [.normal: LanePolicy(requiredApprovals: 2, clock: .always)], users: acmeUsers)
    }

    private static let epoch = Date(timeIntervalSince1970: 1_781_260_200)

    private static func draft(title: String, body: String, channel: String, alts: [String] = []) -> Draft {
        let media = alts.enumerated().map { index, alt in
            Medium(
                sha256: String(repeating: "\(index)", count: 64), kind: index == 0 ? .jpeg : .mp4, byteCount: 1,
                width: 4, height: 5, alt: alt)
        }
        return Draft(
            id: 7, client: "acme", lane: .normal, state: .review, revision: 2,
            content: Content(title: title, body: body, channels: [channel], publishAt: epoch, media: media),
            contentHash: "h", author: "ana", revisionAuthor: "ana", revisionAuthorSide: .agency, createdAt: epoch,
            updatedAt: epoch)
    }

    /// The review page with hostile text in every field a person can fill (title, body, channel, comments, the
    /// reason given back, the crisis message, the client's name, the media's alt texts) and a status page with a hostile detail: their
    /// markup must be what the same pages show with plain text.
    static func pageViolation(_ bytes: [UInt8]) -> String? {
        guard let pages else { return "the templates do not load" }
        let hostile = HostileText.fields(bytes, count: 11)
        func render(_ text: [String]) -> (review: String, status: String) {
            let comments = [text[4], text[5]].map {
                Event(
                    draftID: 7, at: epoch, actor: "dora", kind: .comment, from: .review, to: .review, revision: 2,
                    message: $0)
            }
            var page = ReviewPage.make(
                draft: draft(title: text[0], body: text[1], channel: text[2], alts: [text[9], text[10]]), for: "carl",
                directory: directory(clientName: text[3]), comments: RoundComments(newest: comments, earlier: 3),
                pending: [], language: .en, now: epoch)
            page.error = text[6]
            page.reason = text[7]
            page.crisis = text[8]
            page.csrf = "1.abc"
            page.linkMedia(under: "token/media/")
            let status = StatusPage(language: .de, heading: text[0], detail: text[1], status: 410)
            return (pages.review(page), pages.status(status))
        }
        let attacked = render(hostile)
        let plain = render(hostile.map(HostileText.plain))
        if HTMLOracle.markup(attacked.review) != HTMLOracle.markup(plain.review) {
            return "the review page's markup changed with its text: \(difference(attacked.review, plain.review))"
        }
        if HTMLOracle.markup(attacked.status) != HTMLOracle.markup(plain.status) {
            return "the status page's markup changed with its text: \(difference(attacked.status, plain.status))"
        }
        return nil
    }

    /// flowd-mail's message with hostile text in the title, the client's name, the actor's message, a digest
    /// item and the next step: its headers are exactly flowd's, and its HTML part's markup is the plain one's.
    static func mailViolation(_ bytes: [UInt8]) -> String? {
        let hostile = HostileText.fields(bytes, count: 5)
        func message(_ text: [String]) -> String? {
            let envelope = MailEnvelope(
                type: "draft.changes_requested", draft: .init(title: text[0], clientName: text[1]),
                event: .init(actor: "carl", message: text[2]),
                notify: [.init(name: "carl", email: "carl@acme.example", locale: "de")],
                links: ["carl": "https://flowd.example/r/token"],
                items: [.init(title: text[3], local: text[4], link: "https://flowd.example/r/item")], next: text[4])
            return MailNotice(envelope: envelope).messages(from: "flowd@agency.example", id: "msg_1", now: epoch)
                .first
        }
        guard let attacked = message(hostile), let plain = message(hostile.map(HostileText.plain)) else {
            return "no message for a person with an address"
        }
        let names = MailOracle.headerNames(attacked)
        let expected = [
            "from", "to", "subject", "date", "message-id", "mime-version", "auto-submitted", "content-type",
        ]
        if names != expected { return "the headers are \(names)" }
        let head = attacked.components(separatedBy: "\r\n\r\n")[0]
        for word in head.split(whereSeparator: { $0 == " " || $0 == "\r\n" }) where word.hasPrefix("=?") {
            if word.utf8.count > 75 { return "an encoded word of \(word.utf8.count) characters" }
        }
        guard let html = MailOracle.part("text/html", of: attacked),
            let plainHTML = MailOracle.part("text/html", of: plain)
        else { return "no HTML part" }
        if HTMLOracle.markup(html) != HTMLOracle.markup(plainHTML) {
            return "the mail's markup changed with its text: \(difference(html, plainHTML))"
        }
        return nil
    }

    /// flowd's Slack texts with hostile titles, reasons and crisis messages: the only `<…>` in them are the
    /// mentions flowd made from the config.
    static func slackViolation(_ bytes: [UInt8]) -> String? {
        let hostile = HostileText.fields(bytes, count: 3)
        let rules = directory(clientName: "ACME")
        let planner = OutboxPlanner(
            routes: [SinkRoute(name: "chat", format: .slack)],
            contacts: ["carl": Contact(side: .company, slackID: "U0CARL")], directory: rules,
            rendering: NoticeRenderer())
        var texts: [String] = []
        let subject = draft(title: hostile[0], body: "b", channel: "linkedin")
        if case .object(let fields) = SlackReply.decided(
            .requestChanges, by: "carl", draft: subject, at: epoch, zone: nil, language: .de),
            let text = fields.first(where: { $0.0 == "text" }), case .string(let line) = text.1
        {
            texts.append(line)
        }
        // A reason the workflow refuses (control characters, say) cannot reach Slack: then a plain one goes.
        let reasons = [hostile[1], "x"].filter { !$0.isEmpty }
        guard
            let decision = reasons.lazy.compactMap({ reason in
                try? Workflow.decide(
                    Request(.requestChanges, message: reason), on: subject, by: Actor(user: acmeUsers[1]),
                    directory: rules, now: epoch, newID: 8)
            }).first
        else { return "carl could not request changes" }
        for message in planner.messages(for: decision, pending: []) { texts += MailOracle.strings(message.payload) }
        let crisis = Crisis(id: 1, client: "acme", message: hostile[2], startedAt: epoch, startedBy: "ana")
        for message in planner.crisisMessages(crisis, now: epoch) { texts += MailOracle.strings(message.payload) }
        for text in texts {
            let bare = text.replacingOccurrences(of: "<@U0CARL>", with: "")
            if bare.utf8.contains(UInt8(ascii: "<")) || bare.utf8.contains(UInt8(ascii: ">")) {
                return "Slack markup from user text: \(text.debugDescription)"
            }
        }
        return nil
    }

    /// flowctl's terminal escape: no control character, escape sequence introducer or bidirectional override
    /// survives, and every other scalar does, in order.
    static func terminalViolation(_ bytes: [UInt8]) -> String? {
        let text = HostileText.fields(bytes, count: 1)[0] + String(decoding: bytes, as: UTF8.self)
        let shown = TextEscaping.terminal(text)
        let before = Array(text.unicodeScalars)
        let after = Array(shown.unicodeScalars)
        guard before.count == after.count else { return "the terminal escape changed the text's length" }
        for (old, new) in zip(before, after) {
            let value = old.value
            let unsafe =
                (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F...0x9F).contains(value)
                || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            if unsafe ? new != "\u{FFFD}" : new != old {
                return "U+\(String(value, radix: 16)) became U+\(String(new.value, radix: 16))"
            }
        }
        return nil
    }

    /// Where two renderings first differ, for the report.
    private static func difference(_ one: String, _ other: String) -> String {
        let a = Array(one.utf8)
        let b = Array(other.utf8)
        let start = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        return String(decoding: a[max(0, start - 40)..<min(a.count, start + 80)], as: UTF8.self).debugDescription
    }
}
