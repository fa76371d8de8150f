import FlowAPI
import FlowCore
import FlowDaemon
import FlowStore
import Foundation
import Logging
import Testing

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
    let config = try parse(
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

        """ + extra)
    let time = ManualTime(Date(timeIntervalSince1970: 1_790_000_000))
    let store = try Store(path: directory + "/flowd.db")
    return (Engine(config: config, store: store, time: time, logger: Logger(label: "test")), time)
}

func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "flowd-engine-" + UUID().uuidString.prefix(8)
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct EngineTests {
    @Test func anUnknownUidIsRefusedByNumber() throws {
        let (engine, _) = try makeEngine(temporaryDirectory())
        #expect(throws: APIError.self) { try engine.identify(uid: 4242, actAs: nil) }
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
        let draft = try await engine.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        time.advance(3600)
        _ = try await engine.act("submit", on: draft.id, ActionRequest(), by: ana)
        let events = try await engine.events(draft.id).events
        #expect(events.map(\.at.timeIntervalSince1970) == [1_790_000_000, 1_790_003_600])
    }

    @Test func anUnknownActionNamesTheKnownOnes() async throws {
        let (engine, _) = try makeEngine(temporaryDirectory())
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let draft = try await engine.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        do {
            _ = try await engine.act("frobnicate", on: draft.id, ActionRequest(), by: ana)
            Issue.record("unknown action accepted")
        } catch let error as APIError {
            #expect(error.code == .unknownAction)
            #expect(error.message.contains("request-changes"))
        }
        #expect(try await engine.events(draft.id).events.count == 1)
    }
}

@Suite struct HandEncodedTests {
    @Test func aDraftViewWrittenByHandDecodesLikeTheCodableOne() throws {
        let at = Date(timeIntervalSince1970: 1_790_000_000.125)  // whole milliseconds, as stored
        let draft = Draft(
            id: 7, client: "acme", lane: .urgent, state: .approved, revision: 2,
            content: Content(title: "T \"q\"", body: "line\nline", channels: ["x", "linkedin"], publishAt: at),
            contentHash: "abc", author: "ana", revisionAuthor: "ana", revisionAuthorSide: .agency,
            approvals: [Approval(user: "carl", revision: 2, at: at)], approvedHash: "abc", labels: ["l"],
            publishedURL: "https://e.example/1", externalID: "x1", createdAt: at, updatedAt: at, dueAt: at,
            acknowledgedUntil: at)
        var view = DraftView(draft, requiredApprovals: 1)
        view.reviewers = ["carl"]
        view.whoseMove = "agency"
        view.timeZone = "Europe/Berlin"
        view.overdue = true
        view.next = [NextStepView(at: at, action: "remind", rule: "r", local: "l", notify: ["carl"])]
        let decoder = WireJSON.decoder()
        let byHand = try decoder.decode(DraftView.self, from: Data(view.json.text.utf8))
        let byCodable = try decoder.decode(DraftView.self, from: try WireJSON.encoder().encode(view))
        #expect(byHand == view)
        #expect(byHand == byCodable)
        // The same keys, too: nothing only one of the two writes.
        let handKeys = try #require(try JSONSerialization.jsonObject(with: Data(view.json.text.utf8)) as? [String: Any])
        let codableKeys = try #require(
            try JSONSerialization.jsonObject(with: try WireJSON.encoder().encode(view)) as? [String: Any])
        #expect(Set(handKeys.keys) == Set(codableKeys.keys))
        var sparse = DraftView(
            Draft(
                id: 1, client: "c", lane: .normal, state: .draft, revision: 1,
                content: Content(title: "T", body: "", channels: [], publishAt: nil), contentHash: "h", author: "a",
                revisionAuthor: "a", revisionAuthorSide: .agency, createdAt: at, updatedAt: at), requiredApprovals: 1)
        sparse.whoseMove = nil
        let sparseHand = try #require(
            try JSONSerialization.jsonObject(with: Data(sparse.json.text.utf8)) as? [String: Any])
        let sparseCodable = try #require(
            try JSONSerialization.jsonObject(with: try WireJSON.encoder().encode(sparse)) as? [String: Any])
        #expect(Set(sparseHand.keys) == Set(sparseCodable.keys))
    }
}

@Suite struct HandDecodedTests {
    @Test func flowctlsFastDraftReaderAgreesWithJSONDecoder() throws {
        let at = Date(timeIntervalSince1970: 1_790_000_000.125)
        let draft = Draft(
            id: 9, client: "acme", lane: .crisis, state: .review, revision: 3,
            content: Content(title: "T", body: "B\n", channels: ["x"], publishAt: at), contentHash: "h", author: "ana",
            revisionAuthor: "bob", revisionAuthorSide: .agency,
            approvals: [Approval(user: "carl", revision: 3, at: at)],
            labels: ["a", "b"], createdAt: at, updatedAt: at, dueAt: at, acknowledgedUntil: at)
        var view = DraftView(draft, requiredApprovals: 2)
        view.next = [NextStepView(at: at, action: "escalate", rule: "r", local: "2026 x", notify: ["dora"])]
        view.whoseMove = "company"
        for data in [Data(view.json.text.utf8), try WireJSON.encoder().encode(view)] {
            let fast = try #require(DraftView(jsonData: data))
            #expect(fast == (try WireJSON.decoder().decode(DraftView.self, from: data)))
            #expect(fast == view)
        }
        #expect(DraftView(jsonData: Data(#"{"id": 1}"#.utf8)) == nil)
        let list = DraftList(drafts: [view, view], nextBefore: 4)
        let decoded = try WireJSON.decoder().decode(DraftList.self, from: Data(list.json.text.utf8))
        #expect(decoded.drafts == [view, view] && decoded.nextBefore == 4)
        let last = try WireJSON.decoder().decode(
            DraftList.self, from: Data(DraftList(drafts: [], nextBefore: nil).json.text.utf8))
        #expect(last.drafts.isEmpty && last.nextBefore == nil)
        #expect(WireJSON.parseDate("2026-06-12T10:30:00.250Z") == Date(timeIntervalSince1970: 1_781_260_200.25))
        #expect(WireJSON.parseDate("2026-06-12T10:30:00Z") == Date(timeIntervalSince1970: 1_781_260_200))
        #expect(WireJSON.parseDate("2026-13-12T10:30:00.250Z") == nil)
    }
}
