import FlowConfig
import FlowCore
import Testing

/// `media_from` on a webhook source: the prefixes it may name media under, none unless listed, each an address that
/// ends in a slash.
@Suite struct MediaFromConfigTests {
    static func source(_ mediaFrom: String?) -> String {
        validUsers + """
            [webhooks]
            listen = "127.0.0.1:9000"

            [[webhooks.sources]]
            name = "dam"
            scheme = "standard"
            secrets = ["whsec_c2VjcmV0c2VjcmV0"]
            actor = "ana"
            actions = ["edit"]
            \(mediaFrom.map { "media_from = \($0)" } ?? "")
            """
    }

    @Test func prefixesAreReadAndNoneIsTheDefault() throws {
        let config = try parse(
            Self.source(#"["https://CDN.example.com/assets/", "http://127.0.0.1:8080/media/", "https://[::1]/a/"]"#))
        let dam = try #require(config.webhooks?.sources["dam"])
        #expect(
            dam.mediaFrom.map(\.text) == [
                "https://cdn.example.com/assets/", "http://127.0.0.1:8080/media/",
                "https://[::1]/a/",
            ])
        #expect(try #require(parse(Self.source(nil)).webhooks?.sources["dam"]).mediaFrom.isEmpty)
        #expect(try #require(parse(Self.source("[]")).webhooks?.sources["dam"]).mediaFrom.isEmpty)
    }

    @Test func aWrongPrefixIsNamed() {
        let cases: [(String, String)] = [
            (#"["https://cdn.example.com/assets"]"#, "media_from[0] must end in / and have no query"),
            (#"["https://cdn.example.com/a/?x=1"]"#, "must end in / and have no query"),
            (#"["ftp://cdn.example.com/"]"#, "must be an https:// address"),
            (#"["http://cdn.example.com/"]"#, "plain http is for loopback hosts only"),
            (#"["http://127.evil.example/"]"#, "plain http is for loopback hosts only"),
            (#"["https://user:pw@cdn.example.com/"]"#, "must not carry a user name or password"),
            (#"["https://cdn.example.com/a/../"]"#, "has a . or .. segment"),
            (#"["https://cdn.example.com/a%2F/"]"#, "percent-encoded slash"),
            (#"["https://cdn.example.com"]"#, "has no path"),
            (#"["https://cdn.example.com:0/"]"#, "malformed port"),
            (#""https://cdn.example.com/""#, "webhooks.sources[0].media_from must be an array of strings"),
        ]
        expectIssues(cases, parse: { text throws(ConfigError) in try parse(Self.source(text)) })
    }
}
