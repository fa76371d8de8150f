import FlowCore
import FlowMail
import FlowRender
import Foundation
import Testing

/// Issue 33: every notification type, in both languages, through all three ways out: the JSON envelope (its
/// `text`), Slack and mail. Each says what happened: the post's title is in it, and no two types read alike.
@Suite struct EveryNotificationTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let now = Date(timeIntervalSince1970: 1_796_830_200)  // Wed 9 Dec 2026, 15:30 UTC

    static func directory(_ language: PageLanguage) -> Directory {
        var directory = Directory(
            clients: [
                "acme": Client(
                    id: "acme", name: "ACME Corp", approvers: ["carl"], backupApprovers: ["dora"],
                    hours: BusinessHours(timeZone: berlin), locale: language.rawValue)
            ],
            users: [
                User(name: "ana", side: .agency, roles: [.author]),
                User(name: "pia", side: .agency, roles: [.publisher]),
                User(name: "carl", side: .company, roles: [.approver], locale: language.rawValue),
                User(name: "dora", side: .company, roles: [.approver], locale: language.rawValue),
            ])
        directory.agencyName = "Northwind Social"
        return directory
    }

    static func draft(_ state: DraftState) -> Draft {
        Draft(
            id: 7, client: "acme", lane: .normal, state: state, revision: 2,
            content: Content(
                title: "Spring launch", body: "We launch on May 1.", channels: ["linkedin"], publishAt: nil),
            contentHash: "h", author: "ana", revisionAuthor: "ana", revisionAuthorSide: .agency, createdAt: now,
            updatedAt: now, dueAt: now.addingTimeInterval(4 * 3600), enteredAt: now)
    }

    /// An event of each type, from the state it leaves the draft in.
    static let cases: [(NotificationType, EventKind, DraftState)] = [
        (.submitted, .submit, .review), (.approvalGiven, .approve, .review), (.approved, .approve, .approved),
        (.changesRequested, .requestChanges, .draft), (.published, .publish, .published),
        (.withdrawn, .withdraw, .withdrawn), (.reminder, .remind, .review), (.warning, .warn, .review),
        (.escalated, .escalate, .review), (.autoApproved, .autoApprove, .approved), (.returned, .returnToDraft, .draft),
        (.acknowledged, .acknowledge, .review), (.deadlineMissed, .deadlineMissed, .review),
        (.handedOver, .standIn, .review),
    ]

    /// JSON envelope, Slack message and carl's mail (subject, plain body) of each type, in `language`.
    static func rendered(_ language: PageLanguage) throws -> [NotificationType: (
        text: String, slack: String, subject: String, body: String
    )] {
        let planner = OutboxPlanner(
            routes: [SinkRoute(name: "hook", format: .json), SinkRoute(name: "chat", format: .slack)],
            contacts: ["carl": Contact(side: .company, email: "carl@acme.example", slackID: "U0CARL")],
            directory: directory(language), rendering: NoticeRenderer())
        var out: [NotificationType: (text: String, slack: String, subject: String, body: String)] = [:]
        var payloads: [NotificationType: (json: String, slack: String)] = [:]
        for (type, kind, state) in cases {
            let event = Event(
                id: 10, draftID: 7, at: now, actor: kind == .remind || kind == .escalate ? "flowd" : "carl", kind: kind,
                from: .review, to: state, revision: 2, message: kind == .requestChanges ? "Name the date" : nil,
                data: kind == .standIn ? ["away": "carl", "stand_in": "dora"] : [:])
            let decision = Decision(draft: draft(state), events: [event], newRevision: false, told: ["carl"])
            // In review, the review's deadline is what comes next: 19:30 UTC, 20:30 in Berlin.
            let deadline = PendingTimer(
                draftID: 7, state: .review, kind: .deadline, dueAt: now.addingTimeInterval(4 * 3600))
            let messages = planner.messages(for: decision, pending: state == .review ? [deadline] : [])
            let json = try #require(messages.first { $0.sink == "hook" }?.payload, "\(type)")
            let slack = try #require(messages.first { $0.sink == "chat" }?.payload, "\(type)")
            payloads[type] = (json, slack)
        }
        let crisis = Crisis(id: 1, client: "acme", message: "Recall of batch 12", startedAt: now, startedBy: "ana")
        var rosterDirectory = directory(language)
        rosterDirectory.clients["acme"]?.crisisRoster = ["carl"]
        let crisisPlanner = OutboxPlanner(
            routes: planner.routes, contacts: planner.contacts, directory: rosterDirectory, rendering: NoticeRenderer())
        let crises = crisisPlanner.crisisMessages(crisis, now: now)
        payloads[.crisis] = (
            try #require(crises.first { $0.sink == "hook" }?.payload),
            try #require(crises.first { $0.sink == "chat" }?.payload)
        )
        let due = Digest.Due(user: "carl", client: "acme", day: "2026-12-09", drafts: [draft(.review)])
        payloads[.digest] = (Digest.envelope(due, links: [:], planner: planner, now: now).text, "")
        for (type, payload) in payloads {
            let envelope = try #require(MailEnvelope.decode(Data(payload.json.utf8)), "\(type)")
            let mail = try #require(
                MailNotice(envelope: envelope).messages(from: "f@a.example", id: "m", now: now).first, "\(type)")
            let object = try JSONSerialization.jsonObject(with: Data(payload.json.utf8)) as? [String: Any]
            let text = (object?["data"] as? [String: Any])?["text"] as? String ?? ""
            out[type] = (text, payload.slack, subject(mail), plain(mail))
        }
        return out
    }

    static func subject(_ mail: String) -> String {
        let line = mail.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") } ?? ""
        // `=?UTF-8?B?…?=` words, folded over lines: decoded, and joined without the space between two of them.
        var text = ""
        var lastEncoded = false
        for word in line.dropFirst(9).split(separator: " ") {
            let encoded = word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=")
            let decoded =
                encoded
                ? Data(base64Encoded: String(word.dropFirst(10).dropLast(2))).map {
                    String(decoding: $0, as: UTF8.self)
                }
                    ?? "" : String(word)
            text += (text.isEmpty || (encoded && lastEncoded) ? "" : " ") + decoded
            lastEncoded = encoded
        }
        return text
    }

    static func plain(_ mail: String) -> String {
        let encoded =
            mail.components(separatedBy: "Content-Transfer-Encoding: base64\r\n\r\n").dropFirst().first?
            .components(separatedBy: "\r\n--").first?.replacingOccurrences(of: "\r\n", with: "") ?? ""
        return Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    @Test(arguments: PageLanguage.allCases)
    static func everyTypeSaysWhatHappenedEverywhere(_ language: PageLanguage) throws {
        let all = try rendered(language)
        var steps = 0
        #expect(Set(all.keys) == Set(NotificationType.allCases))
        for (type, shown) in all {
            let about = type == .crisis ? "Recall of batch 12" : "Spring launch"
            #expect(
                shown.subject.contains(about) || (type == .digest && shown.subject.contains("1")),
                "\(type) \(shown.subject)")
            #expect(!shown.subject.contains("“”") && !shown.subject.contains("„“"), "\(type): \(shown.subject)")
            #expect(shown.body.contains(about), "\(type) body: \(shown.body)")
            #expect(shown.body.hasSuffix("Northwind Social · ACME Corp\n"), "\(type) signed: \(shown.body)")
            #expect(shown.body.firstMatch(of: /\d{4}-\d\d-\d\d/) == nil, "\(type): an ISO date in \(shown.body)")
            // The next step as the reader reads it: the weekday, the time, the zone.
            if let next = shown.body.split(separator: "\n").first(where: {
                $0.hasPrefix("Next step") || $0.hasPrefix("Nächster")
            }) {
                steps += 1
                let expected = language == .en ? "Wed 9 Dec, 20:30 CET" : "Mi. 9. Dez., 20:30 MEZ"
                #expect(next.contains(expected), "\(next)")
            }
            guard type != .digest else { continue }
            #expect(shown.text.contains(about), "\(type) text: \(shown.text)")
            #expect(shown.slack.contains(about), "\(type) slack: \(shown.slack)")
        }
        #expect(steps >= 5, "the types in review name their next step")
        // No two types read alike: the subject alone tells what happened.
        let subjects = all.values.map(\.subject)
        #expect(Set(subjects).count == subjects.count, "\(subjects.sorted())")
        let texts = all.filter { $0.key != .digest }.map(\.value.text)
        #expect(Set(texts).count == texts.count, "\(texts.sorted())")
    }
}
