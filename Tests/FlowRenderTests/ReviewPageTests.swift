import FlowCore
import FlowRender
import Foundation
import Testing

@Suite struct PageLanguageTests {
    @Test func theUsersThenTheClientsThenTheBrowsersLanguage() {
        #expect(PageLanguage.choose(user: "de", client: "en", acceptLanguage: "en") == .de)
        #expect(PageLanguage.choose(user: nil, client: "de-AT", acceptLanguage: "en") == .de)
        #expect(PageLanguage.choose(user: nil, client: nil, acceptLanguage: "fr-FR, de;q=0.8, en;q=0.5") == .de)
        #expect(PageLanguage.choose(user: nil, client: nil, acceptLanguage: "fr, it") == .en)
        #expect(PageLanguage.choose(user: "xx", client: nil, acceptLanguage: nil) == .en)
    }

    @Test func everyTextIsTranslated() {
        let german = Mirror(reflecting: PageText.of(.de)).children.map { "\($0.value)" }
        let english = Mirror(reflecting: PageText.of(.en)).children.map { "\($0.value)" }
        #expect(german.count == english.count)
        for (de, en) in zip(german, english) { #expect(de != en, "untranslated: \(en)") }
    }
}

@Suite struct ReviewPageTests {
    static var directory: Directory {
        var directory = World.rules
        directory.clients["acme"]?.hours = BusinessHours(timeZone: TimeZone(identifier: "Europe/Berlin")!)
        directory.lanes[.normal] = LanePolicy(
            requiredApprovals: 2, reviewSLA: TimeSpan("4h")!, clock: .always, maxAcknowledge: TimeSpan("4h")!,
            ladder: [LadderStep(after: TimeSpan("2h")!, action: .escalate, to: "backup_approvers")])
        return directory
    }

    static func inReview(body: String, publishAt: Date? = nil) throws -> Draft {
        let created = try Workflow.decide(
            Request(
                .create(
                    client: "acme", lane: .normal,
                    content: Content(title: "Launch", body: body, channels: ["linkedin", "x"], publishAt: publishAt),
                    labels: [])), on: nil, by: Actor(user: World.ana), directory: directory, now: World.t0, newID: 3)
        return try Workflow.decide(
            Request(.submit), on: created.draft, by: Actor(user: World.ana), directory: directory, now: World.t0
        ).draft
    }

    /// Issue 33: in an objection window the page said "Approved automatically Carl" and offered "I'm on it", which is
    /// refused there. It says the post goes out unless someone objects, and offers no promise.
    @Test func anObjectionWindowReadsAsOneAndOffersNoPromise() throws {
        var draft = try Self.inReview(body: "B")
        draft.reviewMode = .unlessObjected
        let end = PendingTimer(
            draftID: 3, state: .review, kind: .objection, dueAt: World.t0.addingTimeInterval(2 * 3600))
        for language in [PageLanguage.en, .de] {
            let page = ReviewPage.make(
                draft: draft, for: "carl", directory: Self.directory, comments: .none, pending: [end],
                language: language, now: World.t0)
            #expect(!page.canAcknowledge && page.acknowledgeOptions.isEmpty)
            // One plain sentence with the window's end, in place of a deadline and a next step saying the same.
            let expected =
                language == .en
                ? "Goes out Mon 21 Sep, 20:13 CEST unless you object"
                : "Geht Mo. 21. Sept., 20:13 MESZ raus, wenn Sie nicht widersprechen"
            #expect(page.objection == expected)
            #expect(page.deadline == nil && page.next == nil)
        }
    }

    @Test func thePageShowsThePostAsBoundWithTheRoundsFacts() throws {
        let body = "Line one\n\n  indented <b>bold</b>  "
        // 2026-12-01 09:00 UTC: 10:00 in Berlin, in winter time while the round runs in summer time.
        var draft = try Self.inReview(body: body, publishAt: Date(timeIntervalSince1970: 1_796_115_600))
        draft = try Workflow.decide(
            Request(.approve), on: draft, by: Actor(user: World.dora), directory: Self.directory, now: World.t0
        ).draft
        let now = Event(
            draftID: 3, at: World.t0, actor: "dora", kind: .comment, from: .review, to: .review, revision: 1,
            message: "Looks good")
        // The ladder's escalation to the backup approvers, 2h after submission.
        let escalation = PendingTimer(
            draftID: 3, state: .review, kind: .step, step: 0, dueAt: World.t0.addingTimeInterval(2 * 3600))
        let page = ReviewPage.make(
            draft: draft, for: "carl", directory: Self.directory, comments: RoundComments(newest: [now], earlier: 0),
            pending: [escalation],
            language: .en, now: World.t0)
        #expect(page.body == body)
        #expect(page.title == "Launch")
        #expect(page.client == "ACME")
        // Channels as people write them, from the channel table.
        #expect(page.channels == "LinkedIn, X")
        #expect(page.reviewer == "Carl")
        // 4h after Mon 2026-09-21 14:13 UTC, in Berlin's summer time, as a person reads it: weekday and zone.
        #expect(page.deadline == "Mon 21 Sep, 20:13 CEST")
        // If nobody decides: whom the escalation adds and when (14:13 UTC + 2h is 18:13 in Berlin).
        #expect(page.next == "Mon 21 Sep, 18:13 CEST: Also asked Bea")
        #expect(page.publishAt == "Tue 1 Dec, 10:00 CET")
        #expect(page.comments.map(\.text) == ["Looks good"])
        #expect(page.earlierComments == nil)
        #expect(page.stillToApprove == "1 · Carl")
        #expect(page.acknowledgeOptions.map(\.value) == ["1", "2", "4"])
        #expect(page.canAcknowledge)
        #expect(page.lang == "en")

        let german = ReviewPage.make(
            draft: draft, for: "carl", directory: Self.directory,
            comments: RoundComments(newest: [now], earlier: 25), pending: [escalation], language: .de, now: World.t0)
        #expect(german.earlierComments == "25 frühere Kommentare werden nicht gezeigt.")
        #expect(german.next == "Mo. 21. Sept., 18:13 MESZ: Zusätzlich gefragt Bea")
        #expect(german.publishAt == "Di. 1. Dez., 10:00 MEZ")
    }

    @Test func nothingToPromiseOnceTheRoundsBoundIsSpent() throws {
        var draft = try Self.inReview(body: "B")
        draft.acknowledgedSeconds = 4 * 3600
        let page = ReviewPage.make(
            draft: draft, for: "carl", directory: Self.directory, comments: .none, pending: [], language: .de,
            now: World.t0)
        #expect(!page.canAcknowledge)
        #expect(page.text == PageText.of(.de))
    }

    @Test func everyLinkStatusHasItsPage() {
        let cases: [(ReviewLink.Status?, Int)] = [
            (nil, 404), (.used(at: World.t0), 410), (.revoked(why: "x"), 410), (.superseded(byRevision: 2), 410),
            (.expired(at: World.t0), 410), (.live, 410),
        ]
        for language in PageLanguage.allCases {
            var headings: Set<String> = []
            for (status, code) in cases {
                let page = StatusPage.link(status, language: language)
                #expect(page.status == code)
                #expect(!page.heading.isEmpty && !page.detail.isEmpty)
                headings.insert(page.heading)
            }
            #expect(headings.count == cases.count, "each status says something of its own")
        }
    }
}
