import FlowCore
import FlowRender
import Foundation
import Testing

@Suite struct MediaAddressTests {
    static let key = LinkKey(bytes: [UInt8](repeating: 5, count: 32))!
    static let sha = String(repeating: "0f", count: 32)

    static func decide(_ command: Command, on draft: Draft?, by user: User) throws -> Decision {
        let directory = Directory(
            clients: ["acme": Client(id: "acme", name: "ACME", approvers: ["carl"])],
            lanes: [.normal: LanePolicy(clock: .always)], users: [World.ana, World.carl])
        return try Workflow.decide(
            Request(command), on: draft, by: Actor(user: user), directory: directory, now: World.t0, newID: 4)
    }

    @Test func aMediumsTokenIsTheKeysForThatDraftAndMediumAlone() throws {
        let token = Self.key.mediaToken(draft: 4, sha256: Self.sha)
        #expect(LinkToken.isWellFormed(token))
        #expect(Self.key.isMediaToken(token, draft: 4, sha256: Self.sha))
        #expect(!Self.key.isMediaToken(token, draft: 5, sha256: Self.sha))
        #expect(!Self.key.isMediaToken(token, draft: 4, sha256: String(repeating: "1f", count: 32)))
        #expect(!Self.key.isMediaToken(String(token.dropLast()), draft: 4, sha256: Self.sha))
        let rotated = try #require(LinkKey(bytes: [UInt8](repeating: 6, count: 32)))
        #expect(!rotated.isMediaToken(token, draft: 4, sha256: Self.sha), "a new key ends every address")
        #expect(token != Self.key.token(for: LinkRef(id: 4, nonce: Self.sha)))
    }

    @Test func placeholdersBecomeAddressesAndLookAlikesStay() {
        let placeholder = MediaAddress.placeholder(draft: 4, sha256: Self.sha)
        let payload = #"{"a":"\#(placeholder)","b":"flowd-media:4.abc","c":"flowd-media:"}"#
        let out = Self.key.mediaAddresses(in: payload, base: "https://f.example")
        let token = Self.key.mediaToken(draft: 4, sha256: Self.sha)
        #expect(
            out == #"{"a":"https://f.example/p/4/\#(Self.sha)/\#(token)","b":"flowd-media:4.abc","c":"flowd-media:"}"#)
        #expect(Self.key.mediaAddresses(in: "none", base: "https://f.example") == "none")
    }

    @Test func anApprovedNoticeCarriesEachMediumWithTheAddressOnlyWhileApproved() throws {
        let medium = Medium(sha256: Self.sha, kind: .png, byteCount: 12, width: 4, height: 5, alt: "A cat")
        let content = Content(title: "T", body: "B", channels: ["linkedin"], publishAt: nil, media: [medium])
        let created = try Self.decide(
            .create(client: "acme", lane: .normal, content: content, labels: []), on: nil, by: World.ana)
        let submitted = try Self.decide(.submit, on: created.draft, by: World.ana)
        let approved = try Self.decide(.approve, on: submitted.draft, by: World.carl)
        #expect(approved.draft.state == .approved)
        #expect(MediaAddress.served(Self.sha, of: approved.draft) == medium)
        #expect(MediaAddress.served(Self.sha, of: submitted.draft) == nil, "not before approval")
        var published = approved.draft
        published.state = .published
        #expect(MediaAddress.served(Self.sha, of: published) == nil, "not after publication")
        let planner = OutboxPlanner(
            routes: [SinkRoute(name: "hook", format: .json)], contacts: [:], directory: Directory(clients: [:]),
            publicURL: "https://f.example", rendering: NoticeRenderer())
        func media(_ decision: Decision) throws -> [[String: Any]] {
            let payload = try #require(planner.messages(for: decision, pending: []).first?.payload)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
            let data = try #require(object["data"] as? [String: Any])
            return try #require((data["draft"] as? [String: Any])?["media"] as? [[String: Any]])
        }
        let given = try media(approved)
        #expect(given.first?["sha256"] as? String == Self.sha && given.first?["alt"] as? String == "A cat")
        #expect(given.first?["type"] as? String == "png" && given.first?["bytes"] as? Int == 12)
        #expect(given.first?["url"] as? String == MediaAddress.placeholder(draft: approved.draft.id, sha256: Self.sha))
        #expect(try media(submitted).first?["url"] is NSNull, "only an approved notice gives the address")
    }
}
