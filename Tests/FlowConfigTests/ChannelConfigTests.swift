import FlowConfig
import FlowCore
import Foundation
import Testing

/// `[channels.NAME]` changes a seeded channel's figures or adds a channel; the rest of the table stays seeded.
@Suite struct ChannelConfigTests {
    static func parse(_ text: String) throws(ConfigError) -> DaemonConfig {
        try ConfigLoader.parse(text, path: "test.toml", baseDirectory: "/srv/flowd", host: TableHost())
    }

    @Test func aChannelsFiguresAreChangedAndANewChannelAdded() throws {
        let config = try Self.parse(
            """
            [channels.x]
            max_text = 25000

            [channels.tiktok]
            max_text = 4000
            counting = "utf16"
            max_hashtags = 5
            """)
        let channels = config.directory.channels
        #expect(channels["x"]?.maxText == 25000)
        #expect(channels["x"]?.counting == .twitterWeighted)
        #expect(channels["x"]?.linkLength == 23)
        #expect(channels["tiktok"]?.maxText == 4000)
        #expect(channels["tiktok"]?.counting == .utf16)
        #expect(channels["tiktok"]?.maxHashtags == 5)
        #expect(channels["tiktok"]?.source == "config.toml (channels.tiktok)")
        #expect(channels["bluesky"] == ChannelRules.seeded["bluesky"])
        #expect(try Self.parse("").directory.channels == .seeded)
    }

    @Test func aWrongChannelEntryIsNamed() {
        let cases: [(String, String)] = [
            ("[channels.x]\nmax_text = \"long\"\n", "channels.x.max_text must be an integer"),
            ("[channels.x]\ncounting = \"words\"\n", "channels.x.counting: \"words\" is not one of"),
            ("[channels.x]\nmax_txt = 3\n", "unknown key \"channels.x.max_txt\""),
            ("[channels]\nx = 3\n", "channels.x must be a table"),
        ]
        expectIssues(cases, parse: Self.parse)
    }
}
