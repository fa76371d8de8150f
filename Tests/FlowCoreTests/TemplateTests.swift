import FlowCore
import Foundation
import Testing

@Suite struct TemplateTextTests {
    static let outage = "Problem with {{service:text:20}}. Next update at {{eta:time}}: {{url:url:status.acme.com}}."

    @Test func parsesTypedPlaceholdersInOrder() throws {
        let text = try TemplateText(parsing: Self.outage + " Again: {{service:text:20}}")
        #expect(text.placeholders.map(\.name) == ["service", "eta", "url"])
        #expect(text.placeholders.map(\.kind) == [.text(maxCharacters: 20), .time, .url(hosts: ["status.acme.com"])])
        #expect(try TemplateText(parsing: "{{note:text}}").placeholders.first?.kind == .text(maxCharacters: 280))
        #expect(try TemplateText(parsing: "no placeholders").placeholders.isEmpty)
    }

    @Test func fillsEveryOccurrenceWithItsValue() throws {
        let text = try TemplateText(parsing: Self.outage + " ({{service:text:20}})")
        let filled = try text.fill(["service": "Login", "eta": "14:30", "url": "https://status.acme.com/i/42"])
        #expect(filled == "Problem with Login. Next update at 14:30: https://status.acme.com/i/42. (Login)")
        // A subdomain of a listed host counts; the host is compared without case.
        #expect(
            try text.fill(["service": "API", "eta": "09:05", "url": "https://EU.Status.acme.com"]).hasSuffix(
                "https://EU.Status.acme.com. (API)"))
    }

    @Test(arguments: [
        ("{{eta:time", "never closed"),
        ("{{:time}}", "must start with a-z"),
        ("{{Eta:time}}", "must start with a-z"),
        ("{{eta}}", "needs a type"),
        ("{{eta:date}}", "unknown type \"date\""),
        ("{{note:text:0}}", "1 to 5000"),
        ("{{note:text:many}}", "1 to 5000"),
        ("{{link:url}}", "names the hosts"),
        ("{{link:url:bad_host}}", "names the hosts"),
        ("{{eta:time:5}}", "takes no limit"),
        ("{{a:time}} {{a:text}}", "is a time like 14:30 in one place and text up to 280 characters in another"),
    ])
    func refusesMalformedTemplates(text: String, message: String) {
        #expect {
            _ = try TemplateText(parsing: text)
        } throws: { error in
            (error as? Refusal)?.code == .invalidRequest && (error as? Refusal)?.message.contains(message) == true
        }
    }

    @Test func refusesMoreThanTwentyPlaceholders() {
        let many = (0...20).map { "{{p\($0):time}}" }.joined(separator: " ")
        #expect(throws: Refusal.self) { _ = try TemplateText(parsing: many) }
    }

    @Test(arguments: [
        (["eta": "14:30", "url": "https://status.acme.com"], "missing --set service=… (text up to 20 characters)"),
        (["service": "x", "eta": "14:30", "url": "https://status.acme.com", "extra": "y"], "no placeholder \"extra\""),
        (
            ["service": String(repeating: "é", count: 21), "eta": "14:30", "url": "https://status.acme.com"],
            "1 to 20 characters, not 21"
        ),
        (["service": "", "eta": "14:30", "url": "https://status.acme.com"], "1 to 20 characters, not 0"),
        (["service": "two\nlines", "eta": "14:30", "url": "https://status.acme.com"], "one line"),
        (["service": "x", "eta": "24:00", "url": "https://status.acme.com"], "a time like 14:30"),
        (["service": "x", "eta": "2:30", "url": "https://status.acme.com"], "a time like 14:30"),
        (["service": "x", "eta": "14:30", "url": "http://status.acme.com"], "https URL on status.acme.com"),
        (["service": "x", "eta": "14:30", "url": "https://status.acme.com.evil.example"], "https URL"),
        (["service": "x", "eta": "14:30", "url": "https://evilstatus.acme.com.example/x"], "https URL"),
        (["service": "x", "eta": "14:30", "url": "https://user@status.acme.com"], "https URL"),
        (["service": "x", "eta": "14:30", "url": "https://status.acme.com:8443/"], "https URL"),
        (
            ["service": "x", "eta": "14:30", "url": "https://" + String(repeating: "a", count: 5000)],
            "longer than 4096 bytes"
        ),
    ])
    func refusesValuesThatBreakTheirPlaceholder(values: [String: String], message: String) throws {
        let text = try TemplateText(parsing: Self.outage)
        #expect {
            _ = try text.fill(values)
        } throws: { error in
            (error as? Refusal)?.message.contains(message) == true
        }
    }
}

@Suite struct TemplateGrantTests {
    static let approved = Date(timeIntervalSince1970: 1_795_000_000)
    static let grant = TemplateGrant(
        name: "acme/outage", client: "acme", approvedBy: ["carl"], approvedAt: approved,
        expiresAt: approved.addingTimeInterval(30 * 86_400), maxUsesPerDay: 3)

    @Test func usableWithinItsLimits() throws {
        try Self.grant.checkUse(
            for: "acme", usesToday: 2, now: Self.approved.addingTimeInterval(86_400), zone: nil)
    }

    @Test func refusedForAnotherClientWhenRevokedExpiredOrOverTheCap() {
        let now = Self.approved.addingTimeInterval(86_400)
        func message(_ grant: TemplateGrant, client: String = "acme", uses: Int = 0, at time: Date = now) -> String? {
            do {
                try grant.checkUse(for: client, usesToday: uses, now: time, zone: nil)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message(Self.grant, client: "globex")?.contains("is acme's; a draft for globex cannot use it") == true)
        #expect(message(Self.grant, uses: 3)?.contains("used 3 times today; its cap is 3 a day") == true)
        #expect(message(Self.grant, at: Self.approved.addingTimeInterval(30 * 86_400))?.contains("expired") == true)
        var revoked = Self.grant
        revoked.revokedAt = now.addingTimeInterval(-1)
        #expect(message(revoked)?.contains("was revoked") == true)
        var unlimited = Self.grant
        unlimited.maxUsesPerDay = nil
        unlimited.expiresAt = nil
        #expect(message(unlimited, uses: 1_000, at: now.addingTimeInterval(3_650 * 86_400)) == nil)
    }

    /// Uses count per local day: 23:30 and 00:30 in Berlin are two days, though in UTC they are one.
    @Test func theDayIsTheClientsLocalDay() {
        let zone = TimeZone(identifier: "Europe/Berlin")!
        let late = parseISOUTC("2026-11-30T22:30:00.000Z")!  // 23:30 in Berlin
        let early = parseISOUTC("2026-11-30T23:30:00.000Z")!  // 00:30 next day in Berlin
        #expect(TemplateGrant.startOfDay(late, in: zone) == parseISOUTC("2026-11-29T23:00:00.000Z"))
        #expect(TemplateGrant.startOfDay(early, in: zone) == parseISOUTC("2026-11-30T23:00:00.000Z"))
    }

    @Test func theApprovalNoteNamesTheTemplateAndWhoApprovedIt() {
        #expect(
            Self.grant.approvalNote(in: TimeZone(identifier: "Europe/Berlin")!)
                == "approved by template acme/outage, approved by carl on 2026-11-18 12:06 Europe/Berlin")
    }
}
