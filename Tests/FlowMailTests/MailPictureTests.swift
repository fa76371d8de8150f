import FlowMail
import Foundation
import Testing

/// The mail shows the post's first picture small, as an inline attachment the HTML finds by its Content-ID, says
/// how many media there are, and on an approved draft lists the publisher's addresses.
@Suite struct MailPictureTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])

    static func envelope(type: String, media: [[String: Any]]) throws -> MailEnvelope {
        let json: [String: Any] = [
            "type": type,
            "data": [
                "draft": ["title": "Fair", "client": "acme", "client_name": "ACME", "media": media],
                "event": ["actor": "ana"], "notify": [["name": "carl", "email": "carl@acme.example"]],
            ] as [String: Any],
        ]
        return try #require(MailEnvelope.decode(JSONSerialization.data(withJSONObject: json)))
    }

    static var media: [[String: Any]] {
        [
            [
                "sha256": String(repeating: "a", count: 64), "type": "png", "bytes": 11, "width": 1080, "height": 1350,
                "alt": "Our <stand>",
            ],
            [
                "sha256": String(repeating: "b", count: 64), "type": "mp4", "bytes": 5_000_000, "width": 1920,
                "height": 1080,
            ],
        ]
    }

    @Test func theFirstPictureIsAnInlinePartTheHTMLShowsSmallAndTheTextCountsTheRest() throws {
        let envelope = try Self.envelope(type: "draft.submitted", media: Self.media)
        var asked: [String] = []
        let picture = MailPicture.first(of: envelope.draft.media ?? []) {
            asked.append($0)
            return Self.png
        }
        #expect(asked == [String(repeating: "a", count: 64)])
        let mail = try #require(
            MailNotice(envelope: envelope).messages(
                from: "flowd@agency.example", id: "msg_1", now: Date(timeIntervalSince1970: 0), picture: picture
            ).first)
        #expect(mail.contains("Content-Type: multipart/related;"))
        #expect(
            mail.contains(
                "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <msg_1.carl.1@flowd>"))
        #expect(mail.contains(Self.png.base64EncodedString()))
        let parts = MailNoticeTests.parts(mail)
        #expect(parts.first?.contains("Pictures and videos: 2 (the first below, 1 more on the page)") == true)
        let html = try #require(parts.dropFirst().first)
        #expect(html.contains(#"<img src="cid:msg_1.carl.1@flowd" width="240" height="300" alt="Our &lt;stand&gt;""#))
    }

    @Test func aVideoFirstOrAPictureTooLargeIsNamedNotAttached() throws {
        let video = try Self.envelope(type: "draft.submitted", media: Array(Self.media.reversed()))
        #expect(MailPicture.first(of: video.draft.media ?? []) { _ in Self.png } == nil)
        var large = Self.media
        large[0]["bytes"] = MailPicture.maxBytes + 1
        let big = try Self.envelope(type: "draft.submitted", media: large)
        #expect(MailPicture.first(of: big.draft.media ?? []) { _ in Self.png } == nil)
        let plain = try Self.envelope(type: "draft.submitted", media: Self.media)
        #expect(MailPicture.first(of: plain.draft.media ?? []) { _ in nil } == nil)
        let mail = try #require(
            MailNotice(envelope: big).messages(from: "f@a.example", id: "m", now: Date()).first)
        #expect(!mail.contains("multipart/related"))
        #expect(MailNoticeTests.parts(mail).first?.contains("Pictures and videos: 2\n") == true)
    }

    @Test func anApprovedDraftsMailListsTheAddressesOfTheApprovedFiles() throws {
        var media = Self.media
        media[0]["url"] = "https://flowd.example/p/7/aaaa/tok"
        let mail = try #require(
            MailNotice(envelope: try Self.envelope(type: "draft.approved", media: media)).messages(
                from: "f@a.example", id: "m", now: Date()
            ).first)
        let plain = try #require(MailNoticeTests.parts(mail).first)
        #expect(plain.contains("The approved files, to fetch until the post is published:"))
        #expect(plain.contains("1. png 11 bytes, sha256 aaaaaaaaaaaa…: https://flowd.example/p/7/aaaa/tok"))
    }
}
