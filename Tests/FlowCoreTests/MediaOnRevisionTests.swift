import FlowCore
import Foundation
import Testing

/// A revision's media: attaching, removing, moving and describing each make a revision like an edit, the content
/// hash binds them, and `submit` checks them against the channels and the lane.
@Suite struct MediaOnRevisionTests {
    static func medium(_ tag: Character, _ kind: MediaKind = .jpeg, _ width: Int = 1080, _ height: Int = 1350)
        -> Medium
    {
        Medium(
            sha256: String(repeating: tag, count: 64), kind: kind, byteCount: 1000, width: width, height: height,
            durationMS: kind == .mp4 ? 12_000 : nil)
    }

    static func draft(channels: [String] = ["linkedin", "instagram"], media: [Medium]) throws -> Draft {
        var draft = try World.decide(
            .create(
                client: "acme", lane: .normal,
                content: Content(title: "Fair", body: "See you at the fair", channels: channels, publishAt: nil),
                labels: []), on: nil, by: World.ana
        )
        .draft
        for medium in media {
            draft = try World.decide(
                .edit(ContentPatch(media: .attach(medium, position: nil))), on: draft, by: World.ana
            )
            .draft
        }
        return draft
    }

    @Test func eachChangeMakesARevisionAndTheHashCoversBytesOrderAndAltText() throws {
        let one = try Self.draft(media: [Self.medium("a")])
        let two = try World.decide(
            .edit(ContentPatch(media: .attach(Self.medium("b"), position: 1))), on: one, by: World.ana)
        #expect(two.draft.revision == one.revision + 1)
        #expect(two.draft.content.media.map(\.sha256.first) == ["b", "a"])
        let moved = try World.decide(
            .edit(ContentPatch(media: .move(position: 1, to: 2))), on: two.draft, by: World.ana)
        #expect(moved.draft.content.media.map(\.sha256.first) == ["a", "b"])
        #expect(moved.draft.contentHash != two.draft.contentHash)
        let described = try World.decide(
            .edit(ContentPatch(media: .describe(position: 2, alt: "Our stand"))), on: moved.draft, by: World.ana)
        #expect(described.draft.content.media[1].alt == "Our stand")
        #expect(described.draft.contentHash != moved.draft.contentHash)
        #expect(described.events.first?.data["media"] == "alt text of medium 2")
        let detached = try World.decide(
            .edit(ContentPatch(media: .detach(position: 1))), on: described.draft, by: World.ana)
        #expect(detached.draft.content.media.map(\.alt) == ["Our stand"])
        var text = detached.draft.content
        text.media = []
        #expect(text.hash != detached.draft.contentHash)
    }

    @Test func contentWithoutMediaHashesAsItAlwaysDid() {
        let content = Content(title: "T", body: "B", channels: ["x"], publishAt: Date(timeIntervalSince1970: 1))
        #expect(content.hash == "sha256:d211b3f700744aca56df0fb88302855b1055eb5922e021e1bdc56cd3b67221bd")
    }

    @Test func positionsThatDoNotExistAreRefusedByName() throws {
        let draft = try Self.draft(media: [Self.medium("a")])
        let refused = refusal { () throws(Refusal) in
            try World.decide(.edit(ContentPatch(media: .detach(position: 2))), on: draft, by: World.ana)
        }
        #expect(refused?.message == "draft 7 has no medium 2: its media are 1 to 1")
        let empty = try Self.draft(media: [])
        let none = refusal { () throws(Refusal) in
            try World.decide(.edit(ContentPatch(media: .describe(position: 1, alt: "x"))), on: empty, by: World.ana)
        }
        #expect(none?.message == "draft 7 has no media")
    }

    @Test func aDraftHoldsAtMostTheConfiguredNumberOfMedia() throws {
        var rules = World.rules
        rules.media.maxItems = 2
        var draft = try Self.draft(media: [Self.medium("a"), Self.medium("b")])
        draft.revision = 3
        let refused = refusal { () throws(Refusal) in
            try Workflow.decide(
                Request(.edit(ContentPatch(media: .attach(Self.medium("c"), position: nil)))), on: draft,
                by: Actor(user: World.ana), directory: rules, now: World.t0)
        }
        #expect(refused?.message == "draft 7 has 2 media, the most one post may carry")
    }

    @Test func anAltTextWithAControlCharacterOrPastItsLimitIsRefusedBeforeTheWriter() {
        for alt in ["a\u{7}b", String(repeating: "a", count: Medium.maxAltBytes + 1)] {
            #expect(throws: Refusal.self) {
                try Workflow.precheck(Request(.edit(ContentPatch(media: .describe(position: 1, alt: alt)))))
            }
        }
    }

    @Test func submitRefusesMediaTheChannelsDoNotTakeNamingEach() throws {
        let tall = Self.medium("a", .jpeg, 1080, 1920)
        let draft = try Self.draft(media: [tall, Self.medium("b", .gif, 400, 400)])
        let refused = refusal { () throws(Refusal) in try World.decide(.submit, on: draft, by: World.ana) }
        #expect(
            refused?.message
                == "draft 7 does not fit its channels: instagram: medium 1 is 1080×1920 (9:16), outside 4:5 to "
                + "191:100; instagram: medium 2 is GIF, which it does not take (JPEG, PNG, MP4)")
        let five = try Self.draft(channels: ["x"], media: (0..<5).map { Self.medium(Character("\($0)")) })
        let tooMany = refusal { () throws(Refusal) in try World.decide(.submit, on: five, by: World.ana) }
        #expect(tooMany?.message == "draft 7 does not fit its channels: x: 5 of 4 media")
        let long = Medium(
            sha256: String(repeating: "c", count: 64), kind: .mp4, byteCount: 1, width: 1920, height: 1080,
            durationMS: 150_500)
        let video = try Self.draft(channels: ["x"], media: [long])
        let tooLong = refusal { () throws(Refusal) in try World.decide(.submit, on: video, by: World.ana) }
        #expect(tooLong?.message == "draft 7 does not fit its channels: x: video 1 lasts 150.5 s, longer than 140 s")
    }

    @Test func aLaneThatRequiresAltTextRefusesSubmitUntilEveryMediumHasOne() throws {
        var rules = World.rules
        var policy = rules.policy(for: .normal, client: "acme")
        policy.requireAltText = true
        rules.lanes[.normal] = policy
        let draft = try Self.draft(media: [Self.medium("a"), Self.medium("b")])
        func submit(_ draft: Draft) throws(Refusal) -> Decision {
            try Workflow.decide(
                Request(.submit), on: draft, by: Actor(user: World.ana), directory: rules, now: World.t0)
        }
        let refused = refusal { () throws(Refusal) in try submit(draft) }
        #expect(
            refused?.message
                == "draft 7: the lane normal requires alt text on every medium; media 1, 2 have none "
                + "(flowctl alt 7 1 \"…\")")
        var described = draft
        described.content.media[0].alt = "Our stand"
        described.content.media[1].alt = " "
        #expect(refusal { () throws(Refusal) in try submit(described) }?.message.contains("medium 2 has none") == true)
        described.content.media[1].alt = "The team"
        #expect(try submit(described).draft.state == .review)
    }
}
