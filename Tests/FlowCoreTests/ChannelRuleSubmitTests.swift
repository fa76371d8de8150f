import FlowCore
import Foundation
import Testing

/// `submit` refuses a post that breaks a rule of one of its channels, naming channel, rule and figure.
@Suite struct ChannelRuleSubmitTests {
    static func draft(_ body: String, channels: [String]) throws -> Draft {
        let content = Content(title: "Launch post", body: body, channels: channels, publishAt: nil)
        return try World.decide(
            .create(client: "acme", lane: .normal, content: content, labels: []), on: nil, by: World.ana
        )
        .draft
    }

    @Test func exactlyTheLimitIsSubmittedAndOneMoreIsRefused() throws {
        let fits = try World.decide(
            .submit, on: try Self.draft(String(repeating: "a", count: 280), channels: ["x"]), by: World.ana)
        #expect(fits.draft.state == .review)
        let over = try Self.draft(String(repeating: "a", count: 281), channels: ["x"])
        let refused = refusal { () throws(Refusal) in try World.decide(.submit, on: over, by: World.ana) }
        #expect(refused == Refusal(.invalidRequest, "draft 7 does not fit its channels: x: 281 of 280 characters"))
    }

    @Test func everyBrokenRuleIsNamedInTheChannelsOrder() throws {
        let body = String(repeating: "日", count: 160) + (0..<31).map { " #t\($0)" }.joined()
        let draft = try Self.draft(body, channels: ["instagram", "linkedin", "x", "bluesky"])
        let refused = refusal { () throws(Refusal) in try World.decide(.submit, on: draft, by: World.ana) }
        let xCount = 160 * 2 + body.utf8.count - 160 * 3
        #expect(
            refused?.message
                == "draft 7 does not fit its channels: instagram: 31 of 30 hashtags; x: \(xCount) of 280 characters; "
                + "bluesky: \(body.count) of 300 characters")
    }

    @Test func scopeIsCheckedBeforeTheContent() throws {
        let draft = try Self.draft(String(repeating: "a", count: 400), channels: ["x"])
        let refused = refusal { () throws(Refusal) in try World.decide(.submit, on: draft, by: World.gus) }
        #expect(refused?.code == .notFound)
    }

    @Test func aChannelOutsideTheTableIsAllowedUnlessTheTableRefusesThem() throws {
        let draft = try Self.draft(String(repeating: "a", count: 5000), channels: ["tiktok"])
        #expect(try World.decide(.submit, on: draft, by: World.ana).draft.state == .review)
        var rules = World.rules
        rules.channels.refusesUnknown = true
        let refused = refusal { () throws(Refusal) in
            try Workflow.decide(
                Request(.submit), on: draft, by: Actor(user: World.ana), directory: rules, now: World.t0)
        }
        #expect(refused?.message == "draft 7 does not fit its channels: tiktok: not a channel in the channel table")
    }

    @Test func aRefusedSubmitLeavesTheDraftAsItWasAndAnEditThatFitsIsSubmitted() throws {
        let draft = try Self.draft(String(repeating: "a", count: 300), channels: ["x"])
        let edited = try World.decide(
            .edit(ContentPatch(body: String(repeating: "a", count: 200))), on: draft, by: World.ana)
        #expect(try World.decide(.submit, on: edited.draft, by: World.ana).draft.state == .review)
    }

    @Test func aTemplateIsCheckedWhenUsedAndAUseApprovedAtOnceThatBreaksARuleIsRefused() throws {
        let body = String(repeating: "a", count: 270) + " {{service:text:20}}"
        let content = Content(title: "Outage", body: body, channels: ["x"], publishAt: nil)
        let defined = try TemplateUseTests.decide(
            .defineTemplate(
                client: "acme", lane: .normal, content: content, labels: [], rules: TemplateRules(name: "outage")),
            by: World.ana)
        let submitted = try TemplateUseTests.decide(.submit, on: defined.draft, by: World.ana)
        let template = try TemplateUseTests.decide(.approve, on: submitted.draft, by: World.carl).draft
        #expect(try TemplateUseTests.use(template, values: ["service": "Checkout"]).draft.state == .approved)
        let refused = refusal { () throws(Refusal) in
            try TemplateUseTests.use(template, values: ["service": "Checkout!!"])
        }
        #expect(refused == Refusal(.invalidRequest, "draft 20 does not fit its channels: x: 281 of 280 characters"))
        // Where the lane does not approve uses at once, the use is a draft like any other, checked at its submit.
        let drafted = try TemplateUseTests.use(template, values: ["service": "Checkout!!"], lane: .normal)
        #expect(drafted.draft.state == .draft)
    }
}
