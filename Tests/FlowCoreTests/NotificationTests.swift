import FlowCore
import FlowRender
import Foundation
import Testing

/// ACME in Berlin, with an escalation two hours after submission.
private let berlin = TimeZone(identifier: "Europe/Berlin")!
private let rules = Directory(
    clients: [
        "acme": Client(
            id: "acme", name: "ACME", approvers: ["carl"], backupApprovers: ["dora"],
            hours: BusinessHours(timeZone: berlin))
    ],
    lanes: [
        .normal: LanePolicy(
            clock: .always,
            ladder: [LadderStep(after: TimeSpan("2h")!, action: .escalate, to: "backup_approvers")]),
        .crisis: LanePolicy(requiredApprovals: 2, clock: .always),
    ],
    users: [World.ana, World.carl, World.dora, World.eve, World.pia])
private let contacts = [
    "carl": Contact(side: .company, email: "carl@acme.example", slackID: "U0CARL"),
    "dora": Contact(side: .company, email: "dora@acme.example"),
]

/// 2026-06-12 10:30 UTC, 12:30 in Berlin.
private let now = Date(timeIntervalSince1970: 1_781_260_200)

private func step(_ command: Command, on draft: Draft?, by user: User, at: Date = now, message: String? = nil)
    throws -> Decision
{
    var decision = try Workflow.decide(
        Request(command, message: message), on: draft, by: Actor(user: user), directory: rules, now: at, newID: 1)
    for index in decision.events.indices { decision.events[index].id = Int64(index + 10) }
    return decision
}

private func submitted(lane: Lane = .normal) throws -> Decision {
    let content = Content(title: "Launch post", body: "B", channels: ["linkedin"], publishAt: nil)
    let created = try step(.create(client: "acme", lane: lane, content: content, labels: []), on: nil, by: World.ana)
    return try step(.submit, on: created.draft, by: World.ana)
}

private func planner(_ routes: [SinkRoute]) -> OutboxPlanner {
    OutboxPlanner(routes: routes, contacts: contacts, directory: rules, rendering: NoticeRenderer())
}

private func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// A Slack message's buttons: label → value.
private func buttons(_ payload: String) throws -> [String: String] {
    let blocks = try #require(try object(payload)["blocks"] as? [[String: Any]])
    let actions = try #require(blocks.first { $0["type"] as? String == "actions" })
    var out: [String: String] = [:]
    for element in actions["elements"] as? [[String: Any]] ?? [] {
        #expect(element["type"] as? String == "button")
        let label = (element["text"] as? [String: Any])?["text"] as? String ?? ""
        out[label] = element["value"] as? String
    }
    return out
}

@Suite struct NotificationTests {
    @Test func everyEventOfTheIssueHasItsType() {
        func event(_ action: String, to state: DraftState = .review) -> Event {
            let kind = EventKind(rawValue: action)!
            return Event(draftID: 1, at: now, actor: "x", kind: kind, from: .review, to: state, revision: 1)
        }
        let expected: [(String, DraftState, NotificationType?)] = [
            ("submit", .review, .submitted), ("approve", .review, .approvalGiven), ("approve", .approved, .approved),
            ("request-changes", .draft, .changesRequested), ("publish", .published, .published),
            ("withdraw", .withdrawn, .withdrawn), ("remind", .review, .reminder), ("warn", .review, .warning),
            ("escalate", .review, .escalated), ("auto-approve", .approved, .autoApproved),
            ("return", .draft, .returned),
            ("acknowledge", .review, .acknowledged), ("deadline-missed", .review, .deadlineMissed),
            ("stand-in", .review, .handedOver), ("comment", .review, nil), ("edit", .draft, nil),
            ("create", .draft, nil),
        ]
        for (action, state, type) in expected {
            #expect(NotificationType.of(event(action, to: state)) == type, "\(action) → \(state)")
        }
        // Every type but the digest (about what waits) and the crisis notice (about a client), not about one event.
        #expect(Set(expected.compactMap(\.2)) == Set(NotificationType.allCases).subtracting([.digest, .crisis]))
        #expect(NotificationType.crisis.wireName == "crisis")
        #expect(NotificationType(name: "draft.escalated") == .escalated)
        #expect(NotificationType(name: "approval_given") == .approvalGiven)
        #expect(NotificationType(name: "draft.nope") == nil)
    }

    @Test func theEnvelopeNamesWhoseMoveItIsAndHowToReachThem() throws {
        let decision = try submitted()
        let pending = [
            PendingTimer(
                draftID: 1, state: .review, kind: .step, step: 0, dueAt: now.addingTimeInterval(7200))
        ]
        let messages = planner([SinkRoute(name: "hook", format: .json)]).messages(for: decision, pending: pending)
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.sink == "hook")
        #expect(message.type == .submitted)
        #expect(message.eventID == 10)
        let envelope = try object(message.payload)
        #expect(envelope["type"] as? String == "draft.submitted")
        #expect(envelope["timestamp"] as? String == "2026-06-12T10:30:00.000Z")
        let data = try #require(envelope["data"] as? [String: Any])
        #expect(data["whose_move"] as? String == "company")
        let mustAct = try #require(data["must_act"] as? [[String: Any]])
        #expect(mustAct.count == 1)
        #expect(mustAct.first?["name"] as? String == "carl")
        #expect(mustAct.first?["email"] as? String == "carl@acme.example")
        #expect(mustAct.first?["slack_id"] as? String == "U0CARL")
        let next = try #require(data["next"] as? [String: Any])
        #expect(next["action"] as? String == "escalate")
        // As the client reads it: weekday, local time, zone.
        #expect(next["local"] as? String == "Fri 12 Jun, 14:30 CEST")
        #expect((next["to"] as? [[String: Any]])?.first?["name"] as? String == "dora")
        #expect((data["draft"] as? [String: Any])?["client_name"] as? String == "ACME")
        #expect(
            data["text"] as? String
                == "ACME · LinkedIn · “Launch post” waits for your approval — escalates to Dora at 14:30 CEST")
    }

    @Test func slackSinksGetAShortMessageThatMentionsWhoMustAct() throws {
        let decision = try submitted()
        let pending = [
            PendingTimer(draftID: 1, state: .review, kind: .step, step: 0, dueAt: now.addingTimeInterval(7200))
        ]
        let message = try #require(
            planner([SinkRoute(name: "chat", format: .slack)]).messages(for: decision, pending: pending).first)
        let body = try object(message.payload)
        #expect(body.keys.sorted() == ["blocks", "text"])
        let line =
            "<@U0CARL>: ACME · LinkedIn · “Launch post” waits for your approval — escalates to Dora at 14:30 CEST"
        #expect(body["text"] as? String == line)
        let blocks = try #require(body["blocks"] as? [[String: Any]])
        // The decision, then "I'm away" for a company reviewer (the day, the stand-in, the button).
        #expect(blocks.compactMap { $0["type"] as? String } == ["section", "actions", "actions"])
        #expect((blocks[0]["text"] as? [String: Any])?["text"] as? String == line)
        #expect(try buttons(message.payload) == ["Approve": "approve:1:1", "Request changes": "request-changes:1:1"])
        let away = try #require(blocks.last?["elements"] as? [[String: Any]])
        #expect(away.compactMap { $0["action_id"] as? String } == ["away_until", "away_stand_in", "away"])
        #expect(away.last?["value"] as? String == "away:1:1")
    }

    @Test func onlyNotificationsThatAskForADecisionCarryButtons() throws {
        let review = try submitted()
        let route = [SinkRoute(name: "chat", format: .slack)]
        // A reminder and an escalation ask again, with the revision the draft is at now.
        var edited = review.draft
        edited.revision = 3
        for kind in [EventKind.remind, .escalate] {
            let event = Event(draftID: 1, at: now, actor: "flowd", kind: kind, from: .review, to: .review, revision: 3)
            let decision = Decision(draft: edited, events: [event], newRevision: false, told: ["carl"])
            let message = try #require(planner(route).messages(for: decision, pending: []).first)
            #expect(
                try buttons(message.payload) == ["Approve": "approve:1:3", "Request changes": "request-changes:1:3"],
                "\(kind)")
        }
        // What only reports an outcome has no buttons.
        let approved = try step(.approve, on: review.draft, by: World.carl)
        let message = try #require(planner(route).messages(for: approved, pending: []).first)
        #expect(message.type == .approved)
        #expect(try object(message.payload).keys.sorted() == ["text"])
        let changes = try step(.requestChanges, on: review.draft, by: World.carl, message: "no")
        let asked = try #require(planner(route).messages(for: changes, pending: []).first)
        #expect(try object(asked.payload)["blocks"] == nil)
    }

    @Test func aGermanClientsChannelReadsGerman() throws {
        let decision = try submitted()
        let pending = [
            PendingTimer(draftID: 1, state: .review, kind: .step, step: 0, dueAt: now.addingTimeInterval(7200))
        ]
        var german = rules
        german.clients["acme"]?.locale = "de"
        let message = try #require(
            OutboxPlanner(
                routes: [SinkRoute(name: "chat", format: .slack)], contacts: contacts, directory: german,
                rendering: NoticeRenderer()
            )
            .messages(for: decision, pending: pending).first)
        #expect(
            try object(message.payload)["text"] as? String
                == "<@U0CARL>: ACME · LinkedIn · „Launch post“ wartet auf Ihre Freigabe — geht auch an Dora: 14:30 MESZ"
        )
        #expect(
            try buttons(message.payload) == ["Freigeben": "approve:1:1", "Änderungen anfordern": "request-changes:1:1"])
    }

    @Test func sinksGetOnlyTheTypesAndClientsTheyAskFor() throws {
        let decision = try submitted()
        let routes = [
            SinkRoute(name: "all", format: .json),
            SinkRoute(name: "escalations", format: .json, types: [.escalated]),
            SinkRoute(name: "other-client", format: .json, clients: ["globex"]),
            SinkRoute(name: "acme-chat", format: .slack, types: [.submitted], clients: ["acme"]),
        ]
        let sinks = planner(routes).messages(for: decision, pending: []).map(\.sink)
        #expect(sinks == ["all", "acme-chat"])
        #expect(planner([]).messages(for: decision, pending: []).isEmpty)
    }

    @Test func approvalsChangesPublicationAndWithdrawalSayWhatHappened() throws {
        let review = try submitted(lane: .crisis).draft
        let one = try step(.approve, on: review, by: World.carl)
        let route = [SinkRoute(name: "hook", format: .json)]
        let given = try #require(planner(route).messages(for: one, pending: []).first)
        #expect(given.type == .approvalGiven)
        let givenData = try #require(try object(given.payload)["data"] as? [String: Any])
        #expect((givenData["text"] as? String)?.contains("was approved by Carl and needs 1 more approval") == true)

        let changes = try step(.requestChanges, on: one.draft, by: World.carl, message: "wrong date")
        let changed = try #require(planner(route).messages(for: changes, pending: []).first)
        #expect(changed.type == .changesRequested)
        let changedData = try #require(try object(changed.payload)["data"] as? [String: Any])
        #expect((changedData["must_act"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["ana"])
        #expect((changedData["text"] as? String)?.contains("needs changes, asked by Carl: “wrong date”") == true)

        let withdrawn = try step(.withdraw, on: changes.draft, by: World.ana)
        let gone = try #require(planner(route).messages(for: withdrawn, pending: []).first)
        let goneData = try #require(try object(gone.payload)["data"] as? [String: Any])
        #expect(gone.type == .withdrawn)
        #expect((goneData["must_act"] as? [Any])?.isEmpty == true)
        #expect((goneData["notify"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["ana"])
        #expect(goneData["whose_move"] is NSNull)
    }

    @Test func quotesAndControlCharactersStayValidJSON() throws {
        let content = Content(title: "He said \"no\" \\ yes", body: "B", channels: [], publishAt: nil)
        let created = try step(
            .create(client: "acme", lane: .normal, content: content, labels: []), on: nil, by: World.ana)
        let review = try step(.submit, on: created.draft, by: World.ana)
        let decision = try step(.requestChanges, on: review.draft, by: World.carl, message: "line one\nline\t\u{1}two")
        for format in SinkFormat.allCases {
            let message = try #require(
                planner([SinkRoute(name: "s", format: format)]).messages(for: decision, pending: []).first)
            let parsed = try object(message.payload)
            let text =
                format == .slack ? parsed["text"] as? String : (parsed["data"] as? [String: Any])?["text"] as? String
            #expect(text?.contains("He said \"no\" \\ yes") == true)
            #expect(text?.contains("line one\nline\t\u{1}two") == true)
        }
    }

    @Test func outgoingSignaturesVerifyTheStandardWebhooksWay() throws {
        let secret = try #require(SigningSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let body = Array(#"{"type":"draft.submitted"}"#.utf8)
        let signature = WebhookSigner.sign(id: "msg_1", timestamp: "1614265330", body: body, secret: secret)
        let headers = ["webhook-id": "msg_1", "webhook-timestamp": "1614265330", "webhook-signature": signature]
        let verdict = WebhookVerifier.verify(
            scheme: .standard, header: { headers[$0] }, body: body, secrets: [secret],
            now: Date(timeIntervalSince1970: 1_614_265_330))
        #expect((try? verdict.get())?.deliveryID == "msg_1")
        // The published test vector of the specification.
        let vector = WebhookSigner.sign(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", body: Array(#"{"test": 2432232314}"#.utf8),
            secret: secret)
        #expect(vector == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }
}

@Suite struct SlackEscapingTests {
    @Test func userTextCannotMentionAChannelOrDisguiseALink() throws {
        let content = Content(
            title: "<!channel> <https://evil.example|approve here> & co", body: "B", channels: [], publishAt: nil)
        let created = try Workflow.decide(
            Request(.create(client: "acme", lane: .normal, content: content, labels: [])), on: nil,
            by: Actor(user: World.ana), directory: rules, now: now, newID: 1)
        var submitted = try Workflow.decide(
            Request(.submit), on: created.draft, by: Actor(user: World.ana), directory: rules, now: now)
        submitted.events[0].id = 2
        let message = try #require(
            planner([SinkRoute(name: "chat", format: .slack)]).messages(for: submitted, pending: []).first)
        let text = try #require(try object(message.payload)["text"] as? String)
        #expect(text.hasPrefix("<@U0CARL>: "), "flowd's own mention stays markup")
        #expect(text.contains("“&lt;!channel&gt; &lt;https://evil.example|approve here&gt; &amp; co”"))
        #expect(!text.contains("<!channel>") && !text.contains("<https://"))
        let blocks = try #require(try object(message.payload)["blocks"] as? [[String: Any]])
        #expect((blocks.first?["text"] as? [String: Any])?["text"] as? String == text, "the block shows the same line")
    }
}
