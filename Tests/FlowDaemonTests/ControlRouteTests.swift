import FlowAPI
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import FlowDaemon

/// The control API's router in process, through HummingbirdTesting: the caller comes from a fixed uid where the
/// socket would read the peer's credentials; everything else is the router the daemon runs. The end-to-end suites
/// drive the same routes through the socket and flowctl.
@Suite struct ControlRouteTests {
    /// `makeEngine`'s users and ACME, with Globex and its approver gina (uid 5003).
    static let globex = """
        [[users]]
        name = "gina"
        side = "company"
        roles = ["approver"]
        uid = 5003

        [[clients]]
        id = "globex"
        approvers = ["gina"]
        """

    /// An answer's status and decoded JSON body.
    struct Answer {
        var status: Int
        var json: [String: Any]
        var code: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var message: String? { (json["error"] as? [String: Any])?["message"] as? String }
    }

    /// Sends each request through the control router as the user with `uid`.
    static func send(
        _ engine: Engine, uid: UInt32, _ requests: [(HTTPRequest.Method, String, String?)]
    ) async throws -> [Answer] {
        let router = ControlRoutes.router(engine: engine, logger: Logger(label: "test")) { channel in
            channel.eventLoop.makeSucceededFuture(uid)
        }
        return try await Application(router: router).test(.router) { client in
            var answers: [Answer] = []
            for (method, uri, body) in requests {
                let response = try await client.execute(
                    uri: uri, method: method, headers: [.contentType: "application/json"],
                    body: body.map { ByteBuffer(string: $0) })
                let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                answers.append(Answer(status: Int(response.status.code), json: json as? [String: Any] ?? [:]))
            }
            return answers
        }
    }

    static func create(_ client: String) -> (HTTPRequest.Method, String, String?) {
        (.post, "/v1/drafts", "{\"client\":\"\(client)\",\"title\":\"T\",\"body\":\"B\"}")
    }

    @Test func aRefusalAnswersWithItsCodeAndChangesNothing() async throws {
        let (engine, _) = try makeEngine(temporaryDirectory())
        let answers = try await Self.send(
            engine, uid: 5001,
            [
                Self.create("acme"), (.post, "/v1/drafts/1/submit", nil),
                // ana wrote the revision: the four-eyes rule refuses her approval.
                (.post, "/v1/drafts/1/approve", nil), (.get, "/v1/drafts/1", nil),
            ])
        #expect(answers.map(\.status) == [201, 200, 403, 200])
        #expect(answers[2].code == "forbidden")
        #expect(answers[3].json["state"] as? String == "review")
    }

    @Test func aListShowsOnlyTheCallersClients() async throws {
        let (engine, _) = try makeEngine(temporaryDirectory(), extra: Self.globex)
        _ = try await Self.send(engine, uid: 5001, [Self.create("acme"), Self.create("globex")])
        let gina = try await Self.send(engine, uid: 5003, [(.get, "/v1/drafts", nil)])
        let ana = try await Self.send(engine, uid: 5001, [(.get, "/v1/drafts", nil)])
        func clients(_ answer: Answer) -> [String] {
            (answer.json["drafts"] as? [[String: Any]] ?? []).compactMap { $0["client"] as? String }
        }
        #expect(clients(gina[0]) == ["globex"])
        #expect(Set(clients(ana[0])) == ["acme", "globex"])
    }

    @Test func anotherClientsDraftAnswersExactlyLikeOneThatDoesNotExist() async throws {
        let (engine, _) = try makeEngine(temporaryDirectory(), extra: Self.globex)
        _ = try await Self.send(engine, uid: 5001, [Self.create("acme")])
        let answers = try await Self.send(
            engine, uid: 5003,
            [
                (.get, "/v1/drafts/1", nil), (.get, "/v1/drafts/2", nil),
                (.post, "/v1/drafts/1/comment", "{\"message\":\"x\"}"),
                (.post, "/v1/drafts/2/comment", "{\"message\":\"x\"}"),
            ])
        #expect(answers.map(\.status) == [404, 404, 404, 404])
        #expect(answers.map(\.code) == ["not_found", "not_found", "not_found", "not_found"])
        #expect(answers[0].message == answers[1].message?.replacingOccurrences(of: "2", with: "1"))
        #expect(answers[2].message == answers[3].message?.replacingOccurrences(of: "2", with: "1"))
    }

    @Test func anUnknownCallerIsRefusedButAnUnknownPathIsNotFoundForAnyone() async throws {
        let (engine, _) = try makeEngine(temporaryDirectory())
        let answers = try await Self.send(engine, uid: 4242, [(.get, "/v1/drafts", nil), (.get, "/v1/nothing", nil)])
        #expect(answers.map(\.status) == [403, 404])
        #expect(answers.map(\.code) == ["unknown_user", "not_found"])
    }
}
