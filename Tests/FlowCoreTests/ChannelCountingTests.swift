import FlowCore
import Testing

/// Each channel's way of counting a post's text, against the figures the platforms document.
@Suite struct ChannelCountingTests {
    static func count(_ body: String, on channel: String) -> Int? {
        let content = Content(title: "T", body: body, channels: [channel], publishAt: nil)
        return ChannelCheck.counts(content, rules: .seeded).first?.length
    }

    @Test func xWeighsLatinOneAndCJKTwo() {
        #expect(Self.count("Hello, world!", on: "x") == 13)
        #expect(Self.count("日本語", on: "x") == 6)
        #expect(Self.count("한국어 ok", on: "x") == 9)
        // General punctuation in twitter-text's ranges (an en dash, a prime) weighs 1; an arrow outside them 2.
        #expect(Self.count("a\u{2013}b\u{2032}", on: "x") == 4)
        #expect(Self.count("\u{2192}", on: "x") == 2)
    }

    @Test func xCountsEveryEmojiAsTwoWhateverItIsMadeOf() {
        #expect(Self.count("👾", on: "x") == 2)
        // Skin tone, a zero-width-joined pair and a family of four with three joiners: 2 each.
        #expect(Self.count("🙋🏽", on: "x") == 2)
        #expect(Self.count("👨\u{200D}🎤", on: "x") == 2)
        #expect(Self.count("👨\u{200D}👩\u{200D}👧\u{200D}👦", on: "x") == 2)
        #expect(Self.count("🇩🇪", on: "x") == 2)
        #expect(Self.count("1\u{FE0F}\u{20E3}", on: "x") == 2)
        // A digit alone is no emoji, and "Hello, world! 👋" is twitter-text's own example: 16.
        #expect(Self.count("1", on: "x") == 1)
        #expect(Self.count("Hello, world! 👋", on: "x") == 16)
    }

    @Test func xCountsALinkAsTwentyThreeAndTheSentenceEndOutsideIt() {
        let long = "https://example.com/a/very/long/path/that/goes/on/and/on?with=query&and=more"
        #expect(Self.count(long, on: "x") == 23)
        #expect(Self.count("see http://a.io", on: "x") == 4 + 23)
        #expect(Self.count("see (\(long)).", on: "x") == 4 + 1 + 23 + 2)
        // A scheme alone is no link, and a word that merely starts with http is a word.
        #expect(Self.count("https://", on: "x") == 8)
        #expect(Self.count("xhttps://a.io", on: "x") == 13)
    }

    @Test func xNormalizesBeforeCounting() {
        // "café" with a combining accent is two code points at the end, but one after composition.
        #expect(Self.count("cafe\u{301}", on: "x") == 4)
    }

    @Test func blueskyCountsGraphemes() {
        #expect(Self.count("👨\u{200D}👩\u{200D}👧\u{200D}👦 e\u{301}", on: "bluesky") == 3)
        #expect(Self.count("日本語", on: "bluesky") == 3)
        let link = "https://example.com/0123456789"
        #expect(Self.count(link, on: "bluesky") == link.count)
    }

    @Test func mastodonCountsLinksAsTwentyThreeAndRemoteMentionsWithoutTheirDomain() {
        #expect(Self.count("https://example.com/0123456789/0123456789", on: "mastodon") == 23)
        #expect(Self.count("hi @alice@example.social!", on: "mastodon") == "hi @alice!".count)
        #expect(Self.count("mail a@example.com", on: "mastodon") == "mail a@example.com".count)
    }

    @Test func threadsCountsAnEmojiAsItsUTF8Bytes() {
        #expect(Self.count("ok 👍", on: "threads") == 3 + 4)
    }

    @Test func linkedinCountsUTF16UnitsAndAChannelOutsideTheTableHasNoLimit() {
        #expect(Self.count("😀a", on: "linkedin") == 3)
        let content = Content(title: "T", body: "abc", channels: ["tiktok", "x"], publishAt: nil)
        #expect(
            ChannelCheck.counts(content, rules: .seeded) == [
                ChannelCount(channel: "tiktok", length: 3, limit: nil),
                ChannelCount(channel: "x", length: 3, limit: 280),
            ])
    }

    @Test func hashtagsAndMentionsAreCountedWhereTheyStartAWord() {
        let body = "#one #two #3 a#b mail@x.io @ana @bob_2 https://x.io/#frag #dup #dup"
        var rules = ChannelRules.seeded
        rules.rules["instagram"]?.maxHashtags = 3
        rules.rules["instagram"]?.maxMentions = 1
        let content = Content(title: "T", body: body, channels: ["instagram"], publishAt: nil)
        #expect(
            ChannelCheck.violations(content, rules: rules).map(\.description) == [
                "instagram: 4 of 3 hashtags", "instagram: 2 of 1 mentions",
            ])
    }
}
