import FlowCore
import Foundation
import Testing

@Suite struct FeedPreviewTests {
    static func picture(_ width: Int, _ height: Int, alt: String = "") -> Medium {
        Medium(
            sha256: String(repeating: "ab", count: 32), kind: .jpeg, byteCount: 10, width: width, height: height,
            alt: alt)
    }

    static func content(_ body: String, channels: [String], media: [Medium]) -> Content {
        Content(title: "T", body: body, channels: channels, publishAt: nil, media: media)
    }

    @Test func eachChannelsFeedCropsTheFirstPictureToItsFrame() {
        let rules = ChannelRules.seeded
        func frame(_ channel: String, _ width: Int, _ height: Int) -> AspectRatio? {
            FeedPreview.of(Self.content("x", channels: [channel], media: [Self.picture(width, height)]), rules: rules)
                .first?.frame
        }
        // Instagram keeps 4:5 to 1.91:1 and crops what lies outside to the nearer end.
        #expect(frame("instagram", 1080, 1920) == AspectRatio(4, 5))
        #expect(frame("instagram", 1080, 1080) == AspectRatio(1, 1))
        #expect(frame("instagram", 3000, 1000) == AspectRatio(191, 100))
        // X crops every single picture to 16:9; LinkedIn shows it at its own ratio, in lowest terms.
        #expect(frame("x", 1080, 1350) == AspectRatio(16, 9))
        #expect(frame("linkedin", 1080, 1350)?.width == 4)
        #expect(frame("linkedin", 1080, 1350)?.height == 5)
        // A channel the table does not know shows the picture as it is; one without a size read is square.
        #expect(frame("xing", 1200, 600)?.width == 2)
        #expect(frame("xing", 0, 0) == AspectRatio(1, 1))
        let bare = FeedPreview.of(Self.content("x", channels: ["x"], media: []), rules: rules)
        #expect(bare.first?.frame == nil && bare.first?.first == nil)
    }

    @Test func theTextIsCutWhereTheFeedCutsItByCharacter() {
        let rules = ChannelRules.seeded
        let long = String(repeating: "é", count: 123) + "   \n" + String(repeating: "b", count: 200)
        let previews = FeedPreview.of(
            Self.content(long, channels: ["instagram", "linkedin", "x", "xing"], media: []), rules: rules)
        #expect(previews.map(\.name) == ["Instagram", "LinkedIn", "X", "xing"])
        // 123 "é" and two of the spaces make Instagram's 125 characters; the spaces are dropped at the cut.
        #expect(previews[0].text == Substring(String(repeating: "é", count: 123)))
        #expect(previews[0].isCut)
        #expect(previews[1].text.count == 210 && previews[1].isCut)
        #expect(previews[2].text == long[...] && !previews[2].isCut)
        #expect(previews[3].text == long[...] && !previews[3].isCut)
        let decomposed = String(repeating: "e\u{0301}", count: 130)
        let (cut, isCut) = FeedPreview.cut(decomposed, at: 125)
        #expect(cut.count == 125 && isCut, "a combining mark stays with its letter")
        let (whole, wholeCut) = FeedPreview.cut(String(repeating: "a", count: 125), at: 125)
        #expect(whole.count == 125 && !wholeCut, "a text as long as the cut is shown whole")
        let (spaces, spaced) = FeedPreview.cut("ab   cd", at: 4)
        #expect(spaces == "ab" && spaced)
    }
}

@Suite struct ReviewLinkMediumTests {
    static let key = LinkKey(bytes: [UInt8](repeating: 7, count: 32))!

    static func setting() -> (ReviewLink, Draft) {
        let ref = LinkRef(id: 4, nonce: "AAAAAAAAAAAAAAAAAAAAAA")
        let link = ReviewLink(
            id: 4, nonce: ref.nonce, tokenHash: LinkToken.hash(key.token(for: ref)), draftID: 9, revision: 2,
            user: "carl", createdAt: World.t0, expiresAt: World.t0.addingTimeInterval(3600))
        let media = [FeedPreviewTests.picture(10, 10, alt: "one"), FeedPreviewTests.picture(20, 10, alt: "two")]
        let draft = Draft(
            id: 9, client: "acme", lane: .normal, state: .review, revision: 2,
            content: FeedPreviewTests.content("b", channels: ["x"], media: media), contentHash: "h", author: "ana",
            revisionAuthor: "ana", revisionAuthorSide: .agency, createdAt: World.t0, updatedAt: World.t0)
        return (link, draft)
    }

    @Test func aLiveLinkReachesTheMediaOfItsRevisionAndNothingElse() {
        let (link, draft) = Self.setting()
        let now = World.t0.addingTimeInterval(60)
        #expect(link.medium(at: 1, of: draft, now: now, key: Self.key)?.alt == "one")
        #expect(link.medium(at: 2, of: draft, now: now, key: Self.key)?.alt == "two")
        for position in [0, 3, -1, Int.max] {
            #expect(link.medium(at: position, of: draft, now: now, key: Self.key) == nil, "position \(position)")
        }
    }

    @Test func aLinkWhosePageShowsNoPostReachesNoMedium() throws {
        let (link, draft) = Self.setting()
        let now = World.t0.addingTimeInterval(60)
        var newer = draft
        newer.revision = 3
        var approved = draft
        approved.state = .approved
        var other = draft
        other.id = 10
        var used = link
        used.usedAt = World.t0
        var revoked = link
        revoked.revokedAt = World.t0
        let rotated = try #require(LinkKey(bytes: [UInt8](repeating: 8, count: 32)))
        let cases: [(String, ReviewLink, Draft, Date, LinkKey)] = [
            ("superseded", link, newer, now, Self.key), ("approved", link, approved, now, Self.key),
            ("another draft", link, other, now, Self.key), ("used", used, draft, now, Self.key),
            ("revoked", revoked, draft, now, Self.key),
            ("expired", link, draft, now.addingTimeInterval(7200), Self.key),
            ("another key", link, draft, now, rotated),
        ]
        for (name, link, draft, at, key) in cases {
            #expect(link.medium(at: 1, of: draft, now: at, key: key) == nil, "\(name)")
            #expect(!link.showsContent(of: draft, now: at, key: key), "\(name)")
        }
    }
}
