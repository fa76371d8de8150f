import FlowAPI
import FlowCore
import FlowDaemon
import Foundation
import Testing

/// `flowctl ls` as the engine answers it: `mine` by the rule of who must act, over more drafts than one read of the
/// store takes, with paging and the overdue list; and the filter values only the config can judge.
@Suite struct ListingEngineTests {
    @Test func mineIsWhoMustActAcrossBatchesAndPages() async throws {
        let (engine, time) = try makeEngine(
            temporaryDirectory(),
            extra: """
                [lanes.normal]
                clock = "always"
                review_sla = "1h"
                """)
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let carl = try engine.identify(uid: 5000, actAs: "carl")
        let root = try engine.identify(uid: 5000, actAs: nil)
        // More open drafts than one batch of `mine` reads, the two in review (carl's to act on) the oldest.
        let count = 520
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 1...count {
                group.addTask {
                    _ = try await engine.wire.create(
                        CreateRequest(client: "acme", title: "D\(index)", body: "B"), by: ana)
                }
            }
            try await group.waitForAll()
        }
        for id: Int64 in [1, 2] { _ = try await engine.wire.act("submit", on: id, ActionRequest(), by: ana) }
        func mine(_ actor: Actor, limit: Int = 50, before: Int64? = nil, overdue: Bool = false) async throws
            -> Paged<DraftReading>
        {
            try await engine.list(mine: true, limit: limit, before: before, overdue: overdue, for: actor)
        }
        #expect(try await mine(carl).items.map(\.draft.id) == [2, 1])
        let first = try await mine(carl, limit: 1)
        #expect(first.items.map(\.draft.id) == [2])
        #expect(first.next == 2)
        #expect(try await mine(carl, limit: 1, before: 2).items.map(\.draft.id) == [1])
        #expect(try await mine(carl, limit: 1, before: 2).next == nil)
        // Ana must act on every draft still in draft: her own, as their author.
        let anas = try await mine(ana, limit: 1000)
        #expect(anas.items.count == count - 2)
        #expect(!anas.items.contains { [1, 2].contains($0.draft.id) })
        #expect(try await mine(root).items.isEmpty, "an admin who must act on nothing waits on nothing")
        // Overdue and mine together: past the review SLA, carl's two are overdue and waiting on him, not on ana.
        time.advance(2 * 3_600)
        #expect(try await mine(carl, overdue: true).items.map(\.draft.id) == [1, 2])
        #expect(try await mine(ana, overdue: true).items.isEmpty)
        #expect(try await engine.list(limit: 10, overdue: true, for: ana).items.map(\.draft.id) == [1, 2])
        // Approved, the draft waits on the author again (no publisher in this config), no longer on carl.
        _ = try await engine.wire.act("approve", on: 1, ActionRequest(), by: carl)
        #expect(try await mine(carl).items.map(\.draft.id) == [2])
        #expect(try await mine(ana, limit: 1, before: 3).items.map(\.draft.id) == [1])
    }

    @Test func anAuthorTheConfigDoesNotKnowIsRefused() async throws {
        let (engine, _) = try makeEngine(temporaryDirectory())
        let ana = try engine.identify(uid: 5001, actAs: nil)
        await #expect(throws: Refusal(.invalidRequest, "author \"zed\" is nobody in the config")) {
            try await engine.list(DraftFilter(author: "zed"), limit: 10, for: ana)
        }
        _ = try await engine.wire.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        #expect(try await engine.list(DraftFilter(author: "carl"), limit: 10, for: ana).items.isEmpty)
        #expect(try await engine.list(DraftFilter(author: "ana"), limit: 10, for: ana).items.count == 1)
        #expect(try await engine.list(DraftFilter(channel: "myspace"), limit: 10, for: ana).items.isEmpty)
    }
}
