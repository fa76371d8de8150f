import FlowCore
import Foundation
import Testing

@Suite struct FailedAttemptsTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func anAddressIsRefusedAfterTheLimitUntilItsWindowEnds() {
        var failures = FailedAttempts(limit: 3, window: 60)
        for second in 0..<3 {
            #expect(failures.refusedUntil(address: "a", kind: "hooks/x", now: t0) == nil)
            _ = failures.failed(address: "a", kind: "hooks/x", now: t0.addingTimeInterval(Double(second)))
        }
        #expect(
            failures.refusedUntil(address: "a", kind: "hooks/x", now: t0.addingTimeInterval(5))
                == t0.addingTimeInterval(60))
        #expect(failures.refusedUntil(address: "b", kind: "hooks/x", now: t0.addingTimeInterval(5)) == nil)
        #expect(failures.refusedUntil(address: "a", kind: "hooks/x", now: t0.addingTimeInterval(60)) == nil)
        // A new window starts from zero.
        _ = failures.failed(address: "a", kind: "hooks/x", now: t0.addingTimeInterval(61))
        #expect(failures.refusedUntil(address: "a", kind: "hooks/x", now: t0.addingTimeInterval(62)) == nil)
    }

    @Test func failuresAtOneSourceLockNobodyOutOfAnother() {
        var failures = FailedAttempts(limit: 30, window: 60)
        for second in 0..<30 {
            _ = failures.failed(
                address: "203.0.113.9", kind: FailedAttempts.webhook("a"), now: t0.addingTimeInterval(Double(second)))
        }
        let now = t0.addingTimeInterval(31)
        #expect(failures.refusedUntil(address: "203.0.113.9", kind: FailedAttempts.webhook("a"), now: now) != nil)
        #expect(failures.refusedUntil(address: "203.0.113.9", kind: FailedAttempts.webhook("b"), now: now) == nil)
        #expect(failures.refusedUntil(address: "203.0.113.9", kind: FailedAttempts.reviewLinks, now: now) == nil)
        // Guessing review links counts per address across every link and feed, as before.
        for second in 0..<30 {
            _ = failures.failed(
                address: "198.51.100.7", kind: FailedAttempts.reviewLinks, now: t0.addingTimeInterval(Double(second)))
        }
        #expect(failures.refusedUntil(address: "198.51.100.7", kind: FailedAttempts.reviewLinks, now: now) != nil)
        #expect(failures.refusedUntil(address: "198.51.100.7", kind: FailedAttempts.webhook("a"), now: now) == nil)
    }

    @Test func oneLogLinePerKindPerWindowCarriesTheCount() {
        var failures = FailedAttempts(limit: 1_000, window: 60)
        #expect(failures.failed(address: "a", kind: "hooks/x", now: t0) == .log(count: 1))
        for second in 1...9 {
            #expect(
                failures.failed(address: "b", kind: "hooks/x", now: t0.addingTimeInterval(Double(second))) == .suppress)
        }
        #expect(failures.failed(address: "a", kind: "review links", now: t0.addingTimeInterval(10)) == .log(count: 1))
        // The first line of the next window stands for itself and the nine it held back.
        #expect(failures.failed(address: "a", kind: "hooks/x", now: t0.addingTimeInterval(60)) == .log(count: 10))
        #expect(failures.failed(address: "a", kind: "hooks/x", now: t0.addingTimeInterval(61)) == .suppress)
    }

    @Test func memoryIsBoundedAndExpiredAddressesMakeRoom() {
        var failures = FailedAttempts(limit: 1, window: 60, maxAddresses: 2)
        _ = failures.failed(address: "a", kind: "k", now: t0)
        _ = failures.failed(address: "b", kind: "k", now: t0)
        // Full: a third address, or a known one at another kind, is not tracked (never refused) rather than growing
        // the table.
        _ = failures.failed(address: "c", kind: "k", now: t0)
        _ = failures.failed(address: "a", kind: "other", now: t0)
        #expect(failures.trackedAddresses == 2)
        #expect(failures.refusedUntil(address: "c", kind: "k", now: t0) == nil)
        #expect(failures.refusedUntil(address: "a", kind: "other", now: t0) == nil)
        #expect(failures.refusedUntil(address: "a", kind: "k", now: t0) != nil)
        // Once the others' windows have ended, they make room.
        _ = failures.failed(address: "c", kind: "k", now: t0.addingTimeInterval(61))
        #expect(failures.refusedUntil(address: "c", kind: "k", now: t0.addingTimeInterval(61)) != nil)
    }
}

@Suite struct ClientAddressTests {
    let proxies = TrustedProxies(
        ranges: ["127.0.0.1", "::1", "10.0.0.0/8"].compactMap { try? TrustedProxies.range($0).get() })

    @Test func theTrustedProxysEntryCountsAndNothingUnboundedDoes() {
        #expect(
            ClientAddress.of(peer: "127.0.0.1", forwardedFor: "10.1.1.1, 203.0.113.9", trusting: proxies)
                == "203.0.113.9")
        #expect(ClientAddress.of(peer: "10.20.30.40", forwardedFor: "203.0.113.9", trusting: proxies) == "203.0.113.9")
        #expect(ClientAddress.of(peer: "::1", forwardedFor: nil, trusting: proxies) == "::1")
        #expect(ClientAddress.of(peer: nil, forwardedFor: "203.0.113.9", trusting: proxies) == "unknown")
        // An empty or oversized last entry is not an address: the proxy itself is counted.
        #expect(ClientAddress.of(peer: "127.0.0.1", forwardedFor: "203.0.113.9, ", trusting: proxies) == "127.0.0.1")
        #expect(
            ClientAddress.of(peer: "127.0.0.1", forwardedFor: String(repeating: "9", count: 65), trusting: proxies)
                == "127.0.0.1")
    }

    @Test func anyOtherPeersHeaderIsIgnored() {
        #expect(
            ClientAddress.of(peer: "198.51.100.7", forwardedFor: "203.0.113.9", trusting: proxies) == "198.51.100.7")
        #expect(ClientAddress.of(peer: "11.0.0.1", forwardedFor: "203.0.113.9", trusting: proxies) == "11.0.0.1")
        // By default nobody is trusted, loopback included: a local program could otherwise pick its address.
        #expect(ClientAddress.of(peer: "127.0.0.1", forwardedFor: "203.0.113.9", trusting: .none) == "127.0.0.1")
        #expect(ClientAddress.of(peer: "::1", forwardedFor: "203.0.113.9", trusting: .none) == "::1")
        // 127.0.0.2 is loopback too, but only 127.0.0.1 was named.
        #expect(ClientAddress.of(peer: "127.0.0.2", forwardedFor: "203.0.113.9", trusting: proxies) == "127.0.0.2")
    }
}
