import FlowCore
import Foundation
import Testing

/// A template as `template ls` and crisis mode read it: usable or why not, and what a use must fill in.
@Suite struct TemplateStandingTests {
    static let now = World.t0.addingTimeInterval(3600)

    @Test func anApprovedTemplateIsUsableAndNamesItsPlaceholders() throws {
        let template = try TemplateUseTests.approvedTemplate(rules: TemplateRules(name: "outage", crisis: true))
        let standing = TemplateStanding(template, usesToday: 0, now: Self.now, zone: nil)
        #expect(standing.usable && standing.why == nil)
        #expect(standing.name == "acme/outage")
        #expect(standing.rules.crisis)
        #expect(standing.grant?.approvedBy == ["carl"])
        #expect(standing.placeholders.map(\.name) == ["service", "eta", "url"])
        #expect(
            standing.placeholders.map(\.kind.description) == [
                "text up to 20 characters", "a time like 14:30", "an https URL on status.acme.com",
            ])
    }

    @Test func aTemplateNotYetApprovedSaysSo() throws {
        let content = Content(title: "Outage", body: TemplateUseTests.body, channels: [], publishAt: nil)
        let defined = try TemplateUseTests.decide(
            .defineTemplate(
                client: "acme", lane: .normal, content: content, labels: [], rules: TemplateRules(name: "outage")),
            by: World.ana)
        let standing = TemplateStanding(defined.draft, usesToday: 0, now: Self.now, zone: nil)
        #expect(!standing.usable)
        #expect(standing.why == "in state draft: usable once approved")
        #expect(standing.grant == nil)
    }

    @Test func aTemplateUsedUpForTheDaySaysSo() throws {
        let template = try TemplateUseTests.approvedTemplate(rules: TemplateRules(name: "outage", maxUsesPerDay: 2))
        #expect(TemplateStanding(template, usesToday: 1, now: Self.now, zone: nil).usable)
        let standing = TemplateStanding(template, usesToday: 2, now: Self.now, zone: nil)
        #expect(!standing.usable)
        #expect(standing.why == "template acme/outage has been used 2 times today; its cap is 2 a day")
    }
}
