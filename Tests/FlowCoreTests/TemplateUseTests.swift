import FlowCore
import Foundation
import Testing

/// Templates through the workflow: defined and approved like any draft, then used, where the lane allows it
/// approved at once on the template's approval; every refusal changes nothing (a decision is all or nothing).
@Suite struct TemplateUseTests {
    static let body = "Service {{service:text:20}} is down. Next update at {{eta:time}}: {{url:url:status.acme.com}}"
    static let values = ["service": "Checkout", "eta": "14:30", "url": "https://status.acme.com/i/1"]

    /// World's directory with templates allowed in the crisis lane (and not in the normal one).
    static var directory: Directory {
        var directory = World.rules
        directory.lanes[.crisis]?.allowTemplates = true
        return directory
    }

    static func decide(
        _ command: Command, on draft: Draft? = nil, by user: User, context: DecisionContext = DecisionContext(),
        message: String? = nil, at seconds: TimeInterval = 60
    ) throws(Refusal) -> Decision {
        try Workflow.decide(
            Request(command, message: message), on: draft, by: Actor(user: user), directory: directory,
            now: World.t0.addingTimeInterval(seconds), newID: 20, context: context)
    }

    /// ACME's approved template `acme/outage` (draft 20), approved by carl.
    static func approvedTemplate(rules: TemplateRules = TemplateRules(name: "outage")) throws -> Draft {
        let content = Content(title: "Outage", body: body, channels: ["x"], publishAt: nil)
        let defined = try decide(
            .defineTemplate(client: "acme", lane: .normal, content: content, labels: [], rules: rules), by: World.ana)
        let submitted = try decide(.submit, on: defined.draft, by: World.ana)
        return try decide(.approve, on: submitted.draft, by: World.carl).draft
    }

    static func use(
        _ template: Draft?, values: [String: String] = values, lane: Lane = .crisis, by user: User = World.ana,
        usesToday: Int = 0, at seconds: TimeInterval = 120
    ) throws(Refusal) -> Decision {
        try decide(
            .useTemplate(TemplateUse(template: "acme/outage", values: values, lane: lane)), by: user,
            context: DecisionContext(template: template, usesToday: usesToday), at: seconds)
    }

    @Test func aUseInALaneThatAllowsTemplatesIsApprovedAtOnceAndSaysBywhom() throws {
        let template = try Self.approvedTemplate()
        #expect(template.templateGrant?.approvedBy == ["carl"])
        let decision = try Self.use(template)
        let draft = decision.draft
        #expect(draft.state == .approved)
        #expect(draft.content.body == "Service Checkout is down. Next update at 14:30: https://status.acme.com/i/1")
        #expect(draft.content.title == "Outage")
        #expect(draft.content.channels == ["x"])
        #expect(draft.contentHash == draft.content.hash)
        #expect(draft.approvedHash == draft.contentHash)
        #expect(draft.fromTemplate == template.id)
        #expect(draft.template == nil)
        #expect(decision.events.map(\.kind) == [.templateUsed, .create, .approve])
        #expect(decision.events[0].draftID == template.id)
        #expect(decision.events[0].data["draft"] == "20")
        let approval = decision.events[2]
        #expect(approval.via == "template:acme/outage")
        #expect(approval.message?.hasPrefix("approved by template acme/outage, approved by carl on 2026-") == true)
        // A later use is a new draft with its own values and its own hash.
        let other = try Self.use(template, values: Self.values.merging(["eta": "15:00"]) { $1 })
        #expect(other.draft.contentHash != draft.contentHash)
    }

    @Test func aUseInALaneWithoutTemplatesStartsAsADraftForReview() throws {
        let decision = try Self.use(try Self.approvedTemplate(), lane: .normal)
        #expect(decision.draft.state == .draft)
        #expect(decision.draft.approvedHash == nil)
        #expect(decision.events.map(\.kind) == [.templateUsed, .create])
    }

    @Test(arguments: [
        (["eta": "14:30", "url": "https://status.acme.com/"], "missing --set service"),
        (values.merging(["tone": "calm"]) { $1 }, "has no placeholder \"tone\""),
        (values.merging(["service": String(repeating: "x", count: 21)]) { $1 }, "service must be 1 to 20 characters"),
        (values.merging(["eta": "25:00"]) { $1 }, "eta must be a time like 14:30"),
        (values.merging(["url": "https://evil.example/status.acme.com"]) { $1 }, "url must be an https URL on"),
    ])
    func valuesThatBreakAPlaceholderAreRefused(values: [String: String], message: String) throws {
        let template = try Self.approvedTemplate()
        let refused = refusal { () throws(Refusal) in try Self.use(template, values: values) }
        #expect(refused?.code == .invalidRequest)
        #expect(refused?.message.contains(message) == true, "\(refused?.message ?? "accepted")")
    }

    @Test func aTemplateMayBeUsedOnlyApprovedUnrevokedUnexpiredWithinItsCapAndByItsClient() throws {
        let expiring = try Self.approvedTemplate(
            rules: TemplateRules(name: "outage", expiresAt: World.t0.addingTimeInterval(3_600), maxUsesPerDay: 2))
        #expect(try Self.use(expiring, usesToday: 1).draft.state == .approved)
        let capped = refusal { () throws(Refusal) in try Self.use(expiring, usesToday: 2) }
        #expect(capped?.message == "template acme/outage has been used 2 times today; its cap is 2 a day")
        let expired = refusal { () throws(Refusal) in try Self.use(expiring, at: 3_600) }
        #expect(expired?.message.contains("expired ") == true)

        let revoked = try Self.decide(.withdraw, on: try Self.approvedTemplate(), by: World.ana).draft
        #expect(refusal { () throws(Refusal) in try Self.use(revoked) }?.message.contains("was revoked ") == true)

        let content = Content(title: "Outage", body: Self.body, channels: [], publishAt: nil)
        let inReview = try Self.decide(
            .submit,
            on: try Self.decide(
                .defineTemplate(
                    client: "acme", lane: .normal, content: content, labels: [], rules: TemplateRules(name: "outage")),
                by: World.ana
            ).draft, by: World.ana
        ).draft
        #expect(
            refusal { () throws(Refusal) in try Self.use(inReview) }?.message.contains("used once it is approved")
                == true)

        // Another client's people find no such template, exactly as when there is none.
        let template = try Self.approvedTemplate()
        let foreign = refusal { () throws(Refusal) in try Self.use(template, by: World.gus) }
        let none = refusal { () throws(Refusal) in try Self.use(nil) }
        #expect(foreign == none)
        #expect(none == Refusal(.notFound, "no template \"acme/outage\""))
        // An ordinary draft is no template.
        let ordinary = try World.approved()
        #expect(refusal { () throws(Refusal) in try Self.use(ordinary) } == none)
        // Reviewers are no authors.
        #expect(
            refusal { () throws(Refusal) in try Self.use(template, by: World.carl) }?.code
                == .forbidden)
    }

    @Test func aTemplateIsCheckedWhenWrittenAndIsNeverPublished() throws {
        func define(_ body: String, name: String = "outage", publishAt: Date? = nil, existing: Draft? = nil)
            -> Refusal?
        {
            refusal { () throws(Refusal) in
                try Self.decide(
                    .defineTemplate(
                        client: "acme", lane: .normal,
                        content: Content(title: "T", body: body, channels: [], publishAt: publishAt), labels: [],
                        rules: TemplateRules(name: name)), by: World.ana, context: DecisionContext(template: existing))
            }
        }
        #expect(define("At {{eta:clock}}")?.message.contains("unknown type") == true)
        #expect(define("At {{eta:time")?.message.contains("never closed") == true)
        #expect(define("ok", name: "Out Age")?.message.contains("not a plain name") == true)
        #expect(define("ok", publishAt: World.t0)?.message.contains("no publish time") == true)
        let existing = try Self.approvedTemplate()
        #expect(define("ok", existing: existing)?.message.contains("exists already") == true)
        // A revoked template leaves its name free.
        let revoked = try Self.decide(.withdraw, on: existing, by: World.ana).draft
        #expect(define("ok", existing: revoked) == nil)
        // Another client's people learn nothing of ACME's names: the answer is the one for no template at all.
        func foreign(_ existing: Draft?) -> Refusal? {
            refusal { () throws(Refusal) in
                try Self.decide(
                    .defineTemplate(
                        client: "acme", lane: .normal,
                        content: Content(title: "T", body: "ok", channels: [], publishAt: nil),
                        labels: [], rules: TemplateRules(name: "outage")), by: World.gus,
                    context: DecisionContext(template: existing))
            }
        }
        #expect(foreign(existing) == foreign(nil))
        #expect(foreign(nil) == Refusal(.invalidRequest, "unknown client \"acme\""))
        #expect(define(Self.body) == nil)

        let template = try Self.approvedTemplate()
        let publish = refusal { () throws(Refusal) in
            try Self.decide(.publish(url: nil, externalID: nil, contentHash: nil), on: template, by: World.pia)
        }
        #expect(publish?.code == .invalidTransition)
        #expect(publish?.message.contains("never published") == true)
        let edit = refusal { () throws(Refusal) in
            try Self.decide(.edit(ContentPatch(body: "{{x:url}}")), on: template, by: World.ana)
        }
        #expect(edit?.message.contains("names the hosts") == true)
    }
}
