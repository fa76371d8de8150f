import FlowCore
import Foundation
import Testing

/// One answer to "who is involved": a pending timer involves whom its firing tells, whoever shows it (the draft
/// view, the agenda, the review page, a notification's next step, `policy explain`).
@Suite struct UpcomingTests {
    /// For every kind of step (remind, warn, escalate, auto-approve, return), the review deadline and a promised
    /// decision, what the draft view lists is whom the firing tells.
    @Test(arguments: [true, false])
    func eachTimerInvolvesWhomItsFiringTells(autoApprove: Bool) throws {
        let rules = Ladder.rules(autoApprove: autoApprove)
        let (draft, plan) = try Ladder.submitted(rules)
        var pending = Ladder.timers(plan)
        pending.append(
            PendingTimer(id: 99, draftID: draft.id, state: .review, kind: .acknowledgement, dueAt: Ladder.hour(1.5)))
        var seen: Set<String> = []
        for timer in pending {
            let upcoming = rules.upcoming(timer, of: draft)
            let fired = Deadlines.fire(timer, on: draft, pending: pending, directory: rules, now: timer.dueAt)
            #expect(!fired.events.isEmpty, "\(upcoming.action) fires")
            #expect(upcoming.involves == fired.told, "\(upcoming.action)")
            seen.insert(upcoming.action)
        }
        let last = autoApprove ? "auto_approve" : "return"
        #expect(seen == ["remind", "warn", "escalate", last, "deadline", "acknowledgement ends"])
        // The author hears a warning of what is coming; reminders go to the reviewers only.
        let warn = try #require(pending.first { $0.ladderStep?.action == .warn })
        #expect(rules.upcoming(warn, of: draft).involves == ["ana", "carl", "dora"])
    }

    /// `policy explain` lists for each step what the draft view lists for the same step of a draft in review.
    @Test func theTimelineListsWhatTheViewLists() throws {
        let rules = Ladder.rules()
        let (draft, plan) = try Ladder.submitted(rules)
        let timeline = Deadlines.timeline(lane: .normal, client: "acme", from: Ladder.monday, directory: rules)
        for timer in Ladder.timers(plan) {
            let upcoming = rules.upcoming(timer, of: draft)
            let entry = try #require(timeline.first { $0.action == upcoming.action && $0.at == upcoming.at })
            let named = { (names: [String]) in names.map { $0 == "author" ? "ana" : $0 } }
            #expect(named(entry.notify) == upcoming.involves, "\(upcoming.action)")
        }
    }

    /// Four eyes: an escalation neither adds nor tells the people who wrote the revision, in their own name or
    /// as another, nor those an earlier escalation added; the view says the same before it fires.
    @Test func anEscalationNeverInvolvesTheWritersNorThoseAddedBefore() throws {
        let rules = Ladder.rules()
        var (draft, plan) = try Ladder.submitted(rules)
        let pending = Ladder.timers(plan)
        let escalate = try #require(pending.first { $0.ladderStep?.action == .escalate })
        #expect(rules.upcoming(escalate, of: draft).involves == ["bea"])
        var written = draft
        written.revisionVia = "bea"
        #expect(rules.upcoming(escalate, of: written).involves.isEmpty)
        let fired = Deadlines.fire(escalate, on: written, pending: pending, directory: rules, now: escalate.dueAt)
        #expect(fired.told.isEmpty)
        #expect(fired.draft.extraReviewers.isEmpty)
        draft.extraReviewers = ["bea"]
        #expect(rules.upcoming(escalate, of: draft).involves.isEmpty)
    }

    /// Who reviews is who may decide: the list the view, links and notifications use and the four-eyes check on
    /// every decision are one rule, on drafts the agency wrote and drafts the company wrote.
    @Test(arguments: ["ana", "cora"])
    func whoReviewsIsWhoMayDecide(author: String) throws {
        let writer = try #require(World.rules.users[author])
        let draft = try World.inReview(by: writer)
        let listed = Set(World.rules.reviewers(of: draft))
        #expect(!listed.isEmpty)
        for user in World.rules.users.values {
            let decided = (try? World.decide(.approve, on: draft, by: user)) != nil
            #expect(decided == listed.contains(user.name), "\(user.name) on a draft by \(author)")
        }
        let involvement = World.rules.involvement(of: draft, pending: [])
        #expect(involvement.reviewers == World.rules.reviewers(of: draft))
        #expect(involvement.mustAct == involvement.reviewers)
    }

    /// A request for changes says what should change and a comment is its text, wherever it comes from.
    @Test func whichActionsNeedAMessage() {
        for action in Action.allCases {
            let needs = action == .requestChanges || action == .comment
            #expect((action.refusal(ofMessage: nil) != nil) == needs, "\(action)")
            #expect((action.refusal(ofMessage: " \n\u{200B}") != nil) == needs, "\(action)")
            #expect(action.refusal(ofMessage: "fix the date") == nil, "\(action)")
        }
        #expect(
            Action.requestChanges.refusal(ofMessage: "")?.message == "request-changes needs a reason (-m/--message)")
    }
}
