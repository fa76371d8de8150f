import FlowAPI
import FlowConfig
import FlowCore
import FlowStore
import Foundation
import Logging
import Synchronization
import Testing

@testable import FlowDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// A fixed clock that tests move by hand.
final class ManualTime: TimeSource, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    func now() -> Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// An engine on a fresh database with root (admin), ana (author) and carl (ACME's approver); `extra` adds config.
func makeEngine(_ directory: String, extra: String = "") throws -> (Engine, ManualTime) {
    let config = try engineConfig(extra: extra)
    let time = ManualTime(Date(timeIntervalSince1970: 1_790_000_000))
    let store = try Store(path: directory + "/flowd.db")
    return (Engine(config: config, store: store, time: time, logger: Logger(label: "test")), time)
}

/// The config `makeEngine` runs on, for tests that reload it.
func engineConfig(extra: String = "") throws -> DaemonConfig {
    try ConfigLoader.parse(
        """
        [[users]]
        name = "root"
        side = "agency"
        roles = ["admin"]
        uid = 5000

        [[users]]
        name = "ana"
        side = "agency"
        roles = ["author"]
        uid = 5001

        [[users]]
        name = "carl"
        side = "company"
        roles = ["approver"]

        [[clients]]
        id = "acme"
        approvers = ["carl"]

        """ + extra, path: "test.toml", baseDirectory: "/srv/flowd")
}

/// A directory of its own for one test's database and sockets. Named after the test process, which keeps its
/// engines' files open to the end: the first call of a run removes those of processes that have ended (swift
/// test's process leaves without running exit handlers), so runs do not pile them up in /tmp.
func temporaryDirectory() -> String {
    sweptLeftovers.withLock { swept in
        guard !swept else { return }
        swept = true
        let temporary = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        where name.hasPrefix("flowd-engine-") {
            let pid = name.dropFirst("flowd-engine-".count).prefix { $0 != "-" }
            // Older names carry no pid: theirs ended long ago. A pid that answers is a run still going.
            if let pid = Int32(pid), pid == getpid() || kill(pid, 0) == 0 { continue }
            try? FileManager.default.removeItem(atPath: temporary + name)
        }
    }
    let path = NSTemporaryDirectory() + "flowd-engine-\(getpid())-" + UUID().uuidString.prefix(8)
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private let sweptLeftovers = Mutex(false)

@Suite struct EngineTests {
    @Test func anUnknownUidIsRefusedByNumber() throws {
        let (engine, _) = try makeEngine(temporaryDirectory())
        #expect(throws: Refusal.self) { try engine.identify(uid: 4242, actAs: nil) }
        do {
            _ = try engine.identify(uid: 4242, actAs: nil)
        } catch {
            #expect(error.code == .unknownUser)
            #expect(error.message.contains("uid 4242"))
        }
    }

    @Test func onlyAnAdminMayActAsAnother() throws {
        let (engine, _) = try makeEngine(temporaryDirectory())
        let actor = try engine.identify(uid: 5000, actAs: "carl")
        #expect(actor.user.name == "carl")
        #expect(actor.via == "root")
        do {
            _ = try engine.identify(uid: 5001, actAs: "carl")
            Issue.record("non-admin acted as another")
        } catch {
            #expect(error.code == .notAdmin)
        }
        do {
            _ = try engine.identify(uid: 5000, actAs: "zoe")
            Issue.record("acted as an unknown user")
        } catch {
            #expect(error.code == .unknownUser)
            #expect(error.message.contains("zoe"))
        }
        #expect(try engine.identify(uid: 5001, actAs: "ana").via == nil)
    }

    @Test func theInjectedClockStampsEvents() async throws {
        let (engine, time) = try makeEngine(temporaryDirectory())
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let draft = try await engine.wire.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        time.advance(3600)
        _ = try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
        let events = try await engine.wire.events(draft.id, for: ana).events
        #expect(events.map(\.at.timeIntervalSince1970) == [1_790_000_000, 1_790_003_600])
    }

    @Test func anUnknownActionNamesTheKnownOnes() async throws {
        let (engine, _) = try makeEngine(temporaryDirectory())
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let draft = try await engine.wire.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        do {
            _ = try await engine.wire.act("frobnicate", on: draft.id, ActionRequest(), by: ana)
            Issue.record("unknown action accepted")
        } catch let error as WireDecodingError {
            #expect(error.code == .unknownAction)
            #expect(error.message.contains("request-changes"))
        }
        #expect(try await engine.wire.events(draft.id, for: ana).events.count == 1)
    }
}

@Suite struct DigestEngineTests {
    @Test func aDigestGoesOncePerDayToJSONSinksOnly() async throws {
        let (engine, time) = try makeEngine(
            temporaryDirectory(),
            extra: """
                [digest]
                at = "00:00"

                [[notify]]
                name = "relay"
                url = "http://127.0.0.1:9/relay"
                secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

                [[notify]]
                name = "chat"
                url = "http://127.0.0.1:9/chat"
                format = "slack"

                [[notify]]
                name = "globex-relay"
                url = "http://127.0.0.1:9/globex"
                secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                clients = ["globex"]

                [[clients]]
                id = "globex"
                approvers = ["carl"]
                """)
        let ana = try engine.identify(uid: 5001, actAs: nil)
        #expect(try await engine.sendDueDigests() == 0, "nothing waits yet")
        let draft = try await engine.wire.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        _ = try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
        #expect(try await engine.sendDueDigests() == 1)
        #expect(try await engine.sendDueDigests() == 0, "once per day")
        let digests = try await engine.store.outbox(limit: 100).filter { $0.type == "digest" }
        // Not to globex's sink: acme's digest holds acme's titles and links.
        #expect(digests.map(\.sink) == ["relay"])
        #expect(digests.first?.payload.contains(#""items":[{"id":1"#) == true)
        time.advance(86_400)
        #expect(try await engine.sendDueDigests() == 1, "the next day again")
    }
}
