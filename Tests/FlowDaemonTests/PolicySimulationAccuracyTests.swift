import FlowAPI
import FlowConfig
import FlowCore
import FlowStore
import Foundation
import Testing

@testable import FlowDaemon

/// Issue 32's check that the simulator is right: a history made by a known behaviour through the real engine (a real
/// SQLite file, time injected) is fitted, and the p50 and p90 it predicts for a different ladder are within 15 % of
/// running that ladder through the engine on fresh draws.
@Suite struct PolicySimulationAccuracyTests {
    static let history = """
        [lanes.normal]
        clock = "always"
        ladder = [
            { after = "4h", action = "remind" },
            { after = "8h", action = "escalate", to = "backup_approvers" },
        ]
        """
    static let proposal = """
        ladder = [
            { after = "2h", action = "remind" },
            { after = "5h", action = "escalate", to = "backup_approvers" },
        ]
        """
    /// dora is ACME's backup approver (the first line lands in ACME's table).
    static let people = """
        backup_approvers = ["dora"]

        [[users]]
        name = "dora"
        side = "company"
        roles = ["approver"]

        """

    /// The behaviour the history is made with: the simulator's model with known figures, in hours.
    struct Truth {
        var random: SeededRandom

        /// When the round is answered (hours after submission) and by whom, or nil; and whether it asks for changes.
        mutating func round(remindAt: Double, escalateAt: Double) -> (at: Double, byBackup: Bool, changes: Bool)? {
            let own = uniform() < 0.45 ? 0.3 + 3.5 * uniform() : Double.infinity
            let reminded = uniform() < 0.6 ? remindAt + 0.2 + 1.3 * uniform() : Double.infinity
            let escalated = uniform() < 0.8 ? escalateAt + 0.5 + 2.5 * uniform() : Double.infinity
            let changes = uniform() < 0.2
            let at = min(own, reminded, escalated)
            guard at.isFinite else { return nil }
            return (at, escalated == at, changes)
        }

        mutating func rework() -> Double { 1 + 5 * uniform() }
        mutating func uniform() -> Double { random.uniform() }
    }

    /// Runs `count` drafts through the engine, each to its approval or withdrawal; returns the hours from first
    /// submission to approval of those approved.
    static func run(
        _ count: Int, engine: Engine, time: ManualTime, truth: inout Truth, remindAt: Double, escalateAt: Double
    ) async throws -> [Double] {
        let config = engine.config
        func actor(_ name: String) throws -> Actor { Actor(user: try #require(config.user(named: name))) }
        let (ana, carl, dora) = (try actor("ana"), try actor("carl"), try actor("dora"))
        var cycles: [Double] = []
        for _ in 0..<count {
            let content = Content(title: "Post", body: "Body", channels: [], publishAt: nil)
            let id = try await engine.create(
                client: "acme", lane: .normal, content: content, labels: [], message: nil, by: ana
            ).draft.id
            let first = time.now()
            var approved = false
            for _ in 0..<PolicySimulation.maxRounds {
                _ = try await engine.act(Request(.submit), on: id, by: ana)
                let start = time.now()
                func to(_ hours: Double) async throws {
                    let target = start.addingTimeInterval(hours * 3_600)
                    time.advance(target.timeIntervalSince(time.now()))
                    try await engine.fireDueTimers()
                }
                guard let answer = truth.round(remindAt: remindAt, escalateAt: escalateAt) else {
                    try await to(48)
                    _ = try await engine.act(Request(.withdraw), on: id, by: ana)
                    break
                }
                for step in [remindAt, escalateAt] where step < answer.at { try await to(step) }
                try await to(answer.at)
                let who = answer.byBackup ? dora : carl
                if answer.changes {
                    _ = try await engine.act(Request(.requestChanges, message: "shorter"), on: id, by: who)
                    time.advance(truth.rework() * 3_600)
                    continue
                }
                _ = try await engine.act(Request(.approve), on: id, by: who)
                cycles.append(time.now().timeIntervalSince(first) / 3_600)
                approved = true
                break
            }
            if !approved, try await engine.store.draft(id)?.state == .draft {
                _ = try await engine.act(Request(.withdraw), on: id, by: ana)
            }
            time.advance(3_600)
        }
        return cycles
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(fraction * Double(sorted.count)))]
    }

    @Test func aFittedHistoryPredictsAnotherLaddersCycleWithin15Percent() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (engine, time) = try makeEngine(directory, extra: Self.people + Self.history)
        let root = try engine.identify(uid: 5000, actAs: nil)
        var truth = Truth(random: SeededRandom(seed: 7, stream: 0, run: 0))
        let before = try await Self.run(300, engine: engine, time: time, truth: &truth, remindAt: 4, escalateAt: 8)
        #expect(before.count > 250)

        let since = Int64(time.now().timeIntervalSince(Date(timeIntervalSince1970: 1_790_000_000))) + 60
        let predicted = SimulationView(
            try await engine.simulate(
                client: "acme", lane: .normal, since: since, proposal: Self.proposal, proposalName: "proposal.toml",
                runs: 100, seed: 1, for: root))
        #expect(predicted.submissions == 300)
        #expect(abs(predicted.model.shareUnprompted - 0.45) < 0.15, "\(predicted.model)")
        #expect(abs(predicted.model.shareAfterReminder - 0.6) < 0.15, "\(predicted.model)")
        // The current ladder replayed is the history it was fitted to.
        let currentP50 = try #require(predicted.current.cycleP50Hours)
        #expect(abs(currentP50 - Self.percentile(before, 0.5)) / Self.percentile(before, 0.5) < 0.15)

        // The proposal run through the engine on fresh draws.
        engine.replaceConfig(
            try engineConfig(extra: Self.people + "[lanes.normal]\nclock = \"always\"\n" + Self.proposal))
        truth.random = SeededRandom(seed: 99, stream: 0, run: 0)
        let after = try await Self.run(300, engine: engine, time: time, truth: &truth, remindAt: 2, escalateAt: 5)
        let p50 = try #require(predicted.proposal.cycleP50Hours)
        let p90 = try #require(predicted.proposal.cycleP90Hours)
        let (true50, true90) = (Self.percentile(after, 0.5), Self.percentile(after, 0.9))
        #expect(abs(p50 - true50) / true50 <= 0.15, "p50 predicted \(p50)h, ran \(true50)h")
        #expect(abs(p90 - true90) / true90 <= 0.15, "p90 predicted \(p90)h, ran \(true90)h")
        #expect(p50 < currentP50, "an earlier reminder shortens the loop")
    }
}
