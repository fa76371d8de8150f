import Testing

@testable import FlowRender

/// Terminal columns, which a table pads by: a wide letter or an emoji is two, a combining mark none.
@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumnAByte() {
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("acme launch") == 11)
    }

    @Test func eastAsianWideAndFullwidthAreTwo() {
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("カタカナ") == 8)
        #expect(DisplayWidth.of("ＡＢ") == 4)  // fullwidth Latin
        #expect(DisplayWidth.of("ｱｲ") == 2)  // halfwidth katakana stay narrow
        #expect(DisplayWidth.of("新品 launch") == 11)
    }

    @Test func emojiAreTwoAsOneCluster() {
        #expect(DisplayWidth.of("👍") == 2)
        #expect(DisplayWidth.of("👍🏽") == 2)  // with a skin tone
        #expect(DisplayWidth.of("👨‍👩‍👧") == 2)  // joined by ZWJ
        #expect(DisplayWidth.of("🇩🇪") == 2)  // a flag: two regional indicators
        #expect(DisplayWidth.of("❤️") == 2)  // text-style heart made emoji by VS16
        #expect(DisplayWidth.of("❤") == 1)  // and without it
        #expect(DisplayWidth.of("ok 🎉") == 5)
    }

    @Test func combiningMarksAndFormatCharactersAddNothing() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("Zu\u{308}rich") == 6)
        #expect(DisplayWidth.of("a\u{200B}b") == 2)  // zero width space
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}") == 2)  // a Hangul syllable in jamo
        #expect(DisplayWidth.of("\u{301}") == 0)  // a lone mark
        #expect(DisplayWidth.of("a\u{7}b") == 2)  // a control draws nothing
    }
}
