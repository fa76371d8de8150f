import Foundation

/// Which address a request on the public listener counts against, for the per-address limits.
public enum ClientAddress {
    /// Longest address kept: an IPv6 address with an IPv4 tail is 45 characters. A longer forwarded value is a
    /// proxy's mistake or a forgery, and must not become a key of unbounded size in the limiter's table.
    public static let maxLength = 64

    /// The peer itself, or, when the peer is one of the `trusted` proxies, the last `X-Forwarded-For` entry (the
    /// one that proxy added; earlier ones are whatever the client claimed). Every other peer's header is ignored:
    /// anyone may send one, and believing it would let a sender choose the address its failures count against.
    public static func of(peer: String?, forwardedFor: String?, trusting trusted: TrustedProxies) -> String {
        let peer = peer ?? "unknown"
        guard let forwardedFor, trusted.contains(peer) else { return peer }
        let last = forwardedFor.split(separator: ",", omittingEmptySubsequences: false).last.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let last, !last.isEmpty, last.utf8.count <= maxLength else { return peer }
        return last
    }
}
