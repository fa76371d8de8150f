import FlowCore
import Foundation
import Testing

@Suite struct ContentHashes {
    @Test func theHashIsStableAndCoversEveryField() {
        let base = Content(title: "T", body: "B", channels: ["x"], publishAt: nil)
        #expect(base.hash == Content(title: "T", body: "B", channels: ["x"], publishAt: nil).hash)
        #expect(base.hash.hasPrefix("sha256:"))
        #expect(base.hash.count == 7 + 64)
        let variants = [
            Content(title: "T2", body: "B", channels: ["x"], publishAt: nil),
            Content(title: "T", body: "B2", channels: ["x"], publishAt: nil),
            Content(title: "T", body: "B", channels: ["x", "linkedin"], publishAt: nil),
            Content(title: "T", body: "B", channels: ["x"], publishAt: Date(timeIntervalSince1970: 0)),
        ]
        for variant in variants { #expect(variant.hash != base.hash) }
    }

    @Test func fieldBoundariesCannotBeShifted() {
        let a = Content(title: "ab", body: "c", channels: [], publishAt: nil)
        let b = Content(title: "a", body: "bc", channels: [], publishAt: nil)
        #expect(a.hash != b.hash)
    }

    @Test func hexMatchesAKnownVector() {
        #expect(hex([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
    }
}
