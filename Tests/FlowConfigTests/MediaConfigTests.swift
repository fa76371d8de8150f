import FlowConfig
import FlowCore
import Foundation
import Testing

/// `[media]` sets the upload limits in the directory, as bytes or as sizes people write; anything else is named.
@Suite struct MediaConfigTests {
    static func parse(_ text: String) throws(ConfigError) -> DaemonConfig {
        try ConfigLoader.parse(text, path: "test.toml", baseDirectory: "/srv/flowd", host: TableHost())
    }

    @Test func limitsAreReadAsBytesOrSizes() throws {
        let config = try Self.parse(
            """
            [media]
            max_image_bytes = "5 MB"
            max_video_bytes = 1073741824
            max_items = 4
            """)
        #expect(config.directory.media == MediaLimits(maxImageBytes: 5 << 20, maxVideoBytes: 1 << 30, maxItems: 4))
        #expect(try Self.parse("[media]\nmax_video_bytes = \"16GB\"\n").directory.media.maxVideoBytes == 16 << 30)
        #expect(try Self.parse("[media]\nmax_image_bytes = \"512 kb\"\n").directory.media.maxImageBytes == 512 << 10)
        #expect(try Self.parse("").directory.media == MediaLimits())
    }

    @Test func aWrongMediaEntryIsNamed() {
        let cases: [(String, String)] = [
            ("[media]\nmax_image_bytes = 0\n", "media.max_image_bytes must be a size from 1 byte to 1 GB"),
            ("[media]\nmax_image_bytes = \"2 GB\"\n", "media.max_image_bytes must be a size from 1 byte to 1 GB"),
            ("[media]\nmax_video_bytes = \"17 GB\"\n", "media.max_video_bytes must be a size from 1 byte to 16 GB"),
            ("[media]\nmax_video_bytes = \"lots\"\n", "media.max_video_bytes must be a size"),
            ("[media]\nmax_video_bytes = \"99999999999999999999 GB\"\n", "media.max_video_bytes must be a size"),
            ("[media]\nmax_image_bytes = true\n", "must be a number of bytes or a size like \"20 MB\""),
            ("[media]\nmax_items = 0\n", "media.max_items must be between 1 and 100"),
            ("[media]\nmax_items = 101\n", "media.max_items must be between 1 and 100"),
            ("[media]\nmax_files = 3\n", "unknown key \"media.max_files\""),
            ("media = 3\n", "media must be a table"),
        ]
        expectIssues(cases, parse: Self.parse)
    }
}
