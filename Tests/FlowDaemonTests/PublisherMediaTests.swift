import FlowAPI
import FlowConfig
import FlowCore
import FlowStore
import Foundation
import HTTPTypes
import Testing

@testable import FlowDaemon

/// The publisher's address of an approved medium (`MediaAddress`) on the public listener's router.
@Suite(.serialized) struct PublisherMediaTests {
    @Test func anApprovedMediumIsServedUnderItsAddressUntilTheDraftIsWithdrawn() async throws {
        let (engine, id, sha) = try await ReviewMediaAccessTests.engineWithPicture()
        let carl = try #require(engine.config.directory.users["carl"])
        let address = "/p/\(id)/\(sha)/\(engine.linkKey.mediaToken(draft: id, sha256: sha))"
        let wrong = "/p/\(id)/\(sha)/\(engine.linkKey.mediaToken(draft: id + 1, sha256: sha))"
        let unknown = "/r/\(String(repeating: "E", count: LinkToken.length))/media/1"
        let inReview = try await ReviewMediaAccessTests.send(engine, [(.get, unknown), (.get, address)])
        #expect(inReview[1].0 == 404 && inReview[1].2 == inReview[0].2, "not before approval")
        _ = try await engine.commit(
            FlowCore.Request(.approve, expectedRevision: nil), on: id, by: Actor(user: carl), receipt: nil,
            usingLink: nil)
        let approved = try await ReviewMediaAccessTests.send(
            engine, [(.get, address), (.get, wrong), (.head, address), (.get, unknown)])
        #expect(approved[0].0 == 200 && approved[0].3 == ReviewMediaAccessTests.pictureBytes)
        #expect(approved[0].1[.eTag] == "\"\(sha)\"" && approved[0].1[.contentSecurityPolicy] == "sandbox")
        #expect(approved[1].0 == 404 && approved[1].2 == approved[3].2, "another draft's token")
        #expect(approved[2].0 == 200 && approved[2].3.isEmpty && approved[2].1[.contentLength] == "3000")
        let ana = try engine.identify(uid: 5001, actAs: nil)
        _ = try await engine.wire.act("withdraw", on: id, ActionRequest(), by: ana)
        let withdrawn = try await ReviewMediaAccessTests.send(engine, [(.get, unknown), (.get, address)])
        #expect(withdrawn[1].0 == 404 && withdrawn[1].2 == withdrawn[0].2, "not once withdrawn")
    }
}
