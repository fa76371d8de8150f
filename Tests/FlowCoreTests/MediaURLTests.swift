import FlowCore
import Testing

/// The addresses a webhook may name a medium by: read strictly, compared by scheme, host, port and path prefix.
@Suite struct MediaURLTests {
    static let prefix = try! MediaURL(parsing: "https://cdn.example.com/assets/")

    static func under(_ text: String) -> Bool {
        (try? MediaURL(parsing: text)).map { $0.isUnder(prefix) } ?? false
    }

    @Test func anAddressIsUnderAPrefixByItsPartsNotItsText() throws {
        #expect(Self.under("https://cdn.example.com/assets/fair.jpg"))
        #expect(Self.under("HTTPS://CDN.Example.com:443/assets/sub/fair.jpg?v=2&sig=a%20b"))
        #expect(!Self.under("https://cdn.example.com/assets"))
        #expect(!Self.under("https://cdn.example.com/assetsX/fair.jpg"))
        #expect(!Self.under("https://cdn.example.com:8443/assets/fair.jpg"))
        #expect(!Self.under("https://cdn.example.com.evil.example/assets/fair.jpg"))
        #expect(!Self.under("https://evil.example/https://cdn.example.com/assets/fair.jpg"))
        let url = try MediaURL(parsing: "https://CDN.example.com:443/assets/a.jpg?v=1")
        #expect(url.text == "https://cdn.example.com/assets/a.jpg?v=1")
        #expect(try MediaURL(parsing: "http://127.0.0.1:8080/a/b.png").port == 8080)
    }

    @Test func whatCouldBeReadTwoWaysIsRefusedWithItsReason() {
        let cases: [(String, String)] = [
            ("https://a@cdn.example.com/assets/x.jpg", "user name or password"),
            ("https://cdn.example.com@evil.example/assets/x.jpg", "user name or password"),
            ("https://cdn.example.com/assets/../secret.jpg", ". or .. segment"),
            ("https://cdn.example.com/assets/./x.jpg", ". or .. segment"),
            ("https://cdn.example.com/assets//x.jpg", "empty segment"),
            ("https://cdn.example.com/assets/%2e%2e/x.jpg", "percent-encoded slash, backslash or dot"),
            ("https://cdn.example.com/assets/..%2Fx.jpg", "percent-encoded slash, backslash or dot"),
            ("https://cdn.example.com/assets/a%5cb.jpg", "percent-encoded slash, backslash or dot"),
            ("https://cdn.example.com/assets/a\\b.jpg", "character not allowed in its path"),
            ("https://cdn.example.com/assets/x.jpg#frag", "character not allowed"),
            ("https://cdn.example.com/assets/x y.jpg", "character not allowed"),
            ("https://cdn.example.com/assets/x%zz.jpg", "malformed percent escape"),
            ("https://cdn.example.com/assets/x%2", "malformed percent escape"),
            ("https://cdn.exämple.com/assets/x.jpg", "characters a host name does not have"),
            ("https:///assets/x.jpg", "has no host"),
            ("https://cdn.example.com:99999/x.jpg", "malformed port"),
            ("https://cdn.example.com:/x.jpg", "malformed port"),
            ("https://[zz]/x.jpg", "malformed IPv6 host"),
            ("file:///etc/passwd", "must be an https:// address"),
            ("http://cdn.example.com/assets/x.jpg", "loopback hosts only"),
            ("https://cdn.example.com?x=/assets/", "has no path"),
            ("https://cdn.example.com/" + String(repeating: "a", count: 2048), "longer than 2048 bytes"),
        ]
        for (text, reason) in cases {
            do {
                _ = try MediaURL(parsing: text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.reason.contains(reason), "\(text): \(error.reason)")
            }
        }
    }
}
