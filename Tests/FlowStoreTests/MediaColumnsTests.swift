import FlowCore
import Foundation
import Testing

@testable import FlowStore

/// A revision's media are stored with the draft and with the revision, and the sweep's list of referenced files
/// names every one a revision holds, old revisions included.
@Suite struct MediaColumnsTests {
    static func medium(_ tag: Character, alt: String) -> Medium {
        Medium(
            sha256: String(repeating: tag, count: 64), kind: tag == "c" ? .mp4 : .png, byteCount: 1234, width: 1080,
            height: 1350, durationMS: tag == "c" ? 9500 : nil, alt: alt)
    }

    @Test func mediaSurviveReopeningAndEveryRevisionKeepsItsOwn() async throws {
        let dir = TempDir()
        var expected: Draft?
        do {
            let store = try Store(path: dir.database)
            let created = try await create(store)
            let alt = "Unsere \"Messe\" \\ 👩‍💻 e\u{301}\n<b>"
            for change in [
                MediaChange.attach(Self.medium("a", alt: alt), position: nil),
                .attach(Self.medium("c", alt: ""), position: 1), .detach(position: 2),
                .attach(Self.medium("b", alt: "b"), position: nil),
            ] {
                expected = try await act(store, created.draft.id, .edit(ContentPatch(media: change)), by: author).draft
            }
        }
        let reopened = try Store(path: dir.database)
        let draft = try #require(try await reopened.draft(1))
        #expect(draft == expected)
        #expect(draft.content.media.map(\.sha256.first) == ["c", "b"])
        #expect(draft.content.media[0].durationMS == 9500)
        #expect(try await reopened.media(draftID: 1, revision: 2)?.first?.alt == "Unsere \"Messe\" \\ 👩‍💻 e\u{301}\n<b>")
        #expect(try await reopened.media(draftID: 1, revision: 1) == [])
        let referenced = try Store.referencedMedia(database: dir.database)
        #expect(referenced == Set(["a", "b", "c"].map { String(repeating: $0, count: 64) }))
    }

    @Test func theHandEncodingReadsBackAsFoundationWouldWriteIt() throws {
        let media = [Self.medium("a", alt: "x\u{0}y\u{2028}"), Self.medium("c", alt: "")]
        let text = JSONColumns.encode(media)
        #expect(try JSONColumns.media(text) == media)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [[String: Any]])
    }
}
