import FlowCore
import Testing

@Suite struct TrustedProxiesTests {
    func proxies(_ entries: String...) throws -> TrustedProxies {
        TrustedProxies(ranges: try entries.map { try TrustedProxies.range($0).get() })
    }

    @Test func addressesAndRangesOfBothFamiliesMatch() throws {
        let trusted = try proxies("127.0.0.1", "::1", "10.0.0.0/8", "192.168.4.0/22", "fd00::/8", "198.51.100.7/32")
        for inside in [
            "127.0.0.1", "::1", "10.0.0.1", "10.255.255.255", "192.168.7.200", "fd12:3456::1",
            "198.51.100.7", "::ffff:10.9.8.7", "::ffff:127.0.0.1", "fd00::1%eth0",
        ] {
            #expect(trusted.contains(inside), "\(inside)")
        }
        for outside in [
            "127.0.0.2", "11.0.0.1", "192.168.8.1", "192.168.3.255", "fe00::1", "::2", "198.51.100.8",
            "unknown", "", "10.0.0.1.5", "::ffff:11.0.0.1", "localhost",
        ] {
            #expect(!trusted.contains(outside), "\(outside)")
        }
        #expect(!TrustedProxies.none.contains("127.0.0.1"))
    }

    @Test func badEntriesSayWhatIsWrongAndRangesPrintAsWritten() throws {
        #expect(TrustedProxies.range("localhost") == .failure(.notAnAddress))
        #expect(TrustedProxies.range("10.0.0.0/") == .failure(.badPrefix(max: 32)))
        #expect(TrustedProxies.range("10.0.0.0/33") == .failure(.badPrefix(max: 32)))
        #expect(TrustedProxies.range("10.0.0.0/+8") == .failure(.badPrefix(max: 32)))
        #expect(TrustedProxies.range("::/129") == .failure(.badPrefix(max: 128)))
        #expect(TrustedProxies.range("10.1.2.3/8") == .failure(.hostBits(network: "10.0.0.0/8")))
        #expect(TrustedProxies.range("fd00::1/8") == .failure(.hostBits(network: "fd00::/8")))
        #expect(TrustedProxies.range("10.0.0.0/8/8") == .failure(.badPrefix(max: 32)))
        #expect(try TrustedProxies.range("10.0.0.0/8").get().description == "10.0.0.0/8")
        #expect(try TrustedProxies.range("::1").get().description == "::1")
        #expect(try TrustedProxies.range("0.0.0.0/0").get().coversEverything)
        #expect(try !TrustedProxies.range("10.0.0.0/8").get().coversEverything)
    }
}
