import FlowAPI
import FlowConfig
import FlowCore
import FlowDaemon
import FlowStore
import Foundation
import Logging
import Testing

/// Re-planning against a real database: the steps that fired are read back from the events, the stored ladder
/// steps from the timers, and a step that fired is never planned again in the same review round.
@Suite struct ReplanEngineTests {
    static func config(_ ladder: String) throws -> DaemonConfig {
        try engineConfig(extra: "[lanes.normal]\nclock = \"always\"\nladder = [\(ladder)]\n")
    }

    static func next(_ engine: Engine, _ id: Int64, _ actor: Actor) async throws -> [String] {
        try await engine.wire.draft(id, for: actor).next.map { "\($0.action) \(isoUTC($0.at))" }
    }

    @Test func aStepThatFiredStaysFiredAndNewStepsCountFromEnteringReview() async throws {
        let directory = temporaryDirectory()
        let time = ManualTime(Date(timeIntervalSince1970: 1_790_000_000))
        let start = time.now()
        let old = try Self.config(#"{ after = "30m", action = "remind" }, { after = "3h", action = "escalate" }"#)
        let engine = Engine(
            config: old, store: try Store(path: directory + "/flowd.db"), time: time, logger: Logger(label: "t"))
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let draft = try await engine.wire.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        _ = try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
        time.advance(31 * 60)
        #expect(try await engine.fireDueTimers() == 1)

        // The new ladder keeps the remind that fired, moves escalate and adds a warn.
        engine.replaceConfig(
            try Self.config(
                #"{ after = "30m", action = "remind" }, { after = "1h", action = "warn" }, { after = "2h", action = "escalate" }"#
            ))
        #expect(try await engine.replanReviews() == 1)
        let planned = try await Self.next(engine, draft.id, ana)
        #expect(
            planned == [
                "warn \(isoUTC(start.addingTimeInterval(3_600)))",
                "escalate \(isoUTC(start.addingTimeInterval(7_200)))",
            ])
        let log = try await engine.wire.events(draft.id, for: ana).events
        #expect(log.map(\.action) == ["create", "submit", "remind", "replan"])
        #expect(log.last?.data["planned"] == "warn after 1h; escalate to backup_approvers after 2h")
        #expect(log.last?.data["dropped"] == "escalate to backup_approvers after 3h")

        // A second pass over every draft, as a start-up with other policies makes, finds nothing to do: the remind
        // that fired is not planned again, and the stored steps read back as they were written.
        let restarted = Engine(
            config: engine.config, store: try Store(path: directory + "/flowd.db"), time: time,
            logger: Logger(label: "t"))
        #expect(try await restarted.replanReviews(always: true) == 0)
        #expect(try await Self.next(restarted, draft.id, ana) == planned)
        time.advance(30 * 60)
        #expect(try await restarted.fireDueTimers() == 1)
        #expect(try await restarted.wire.events(draft.id, for: ana).events.last?.action == "warn")
    }

    /// The store keeps the policies its last whole pass re-planned under: a start with the same config reads no
    /// draft (a draft whose plan was lost stays as it is, which only a pass would see), and one with other policies
    /// re-plans every draft in review.
    @Test func aStartWithTheSamePoliciesReplansNothingAndOneWithOthersReplansAll() async throws {
        let directory = temporaryDirectory()
        let time = ManualTime(Date(timeIntervalSince1970: 1_790_000_000))
        let path = directory + "/flowd.db"
        let config = try Self.config(#"{ after = "30m", action = "remind" }"#)
        let engine = Engine(config: config, store: try Store(path: path), time: time, logger: Logger(label: "t"))
        #expect(try await engine.replanReviews() == 0, "the first start re-plans the drafts there are: none")
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let draft = try await engine.wire.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        _ = try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
        let planned = try await Self.next(engine, draft.id, ana)
        try sqliteExec(path, "DELETE FROM timers WHERE draft_id = \(draft.id) AND kind = 'step'")

        let same = Engine(config: config, store: try Store(path: path), time: time, logger: Logger(label: "t"))
        #expect(try await same.replanReviews() == 0)
        #expect(try await Self.next(same, draft.id, ana) != planned, "no draft was read, so none was re-planned")

        let other = Engine(
            config: try Self.config(#"{ after = "45m", action = "remind" }"#), store: try Store(path: path),
            time: time, logger: Logger(label: "t"))
        #expect(try await other.replanReviews() == 1)
        let remind = "remind \(isoUTC(time.now().addingTimeInterval(45 * 60)))"
        #expect(try await Self.next(other, draft.id, ana) == [remind])
        #expect(try await other.replanReviews() == 0, "and the next start with those policies skips the pass")
    }
}

/// Runs `sql` on the database at `path` with the sqlite3 program, as an operator at the server would.
func sqliteExec(_ path: String, _ sql: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
}
