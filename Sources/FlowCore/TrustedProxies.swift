import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The peers whose `X-Forwarded-For` is believed (`[webhooks] trusted_proxies`): addresses and CIDR ranges, IPv4
/// and IPv6. Any other peer could write whatever address it likes into the header, and so pick the address its
/// failures count against; by default no peer is trusted.
public struct TrustedProxies: Sendable, Equatable {
    /// One address or range: the network's bytes (4 or 16) and how many leading bits must match.
    public struct Range: Sendable, Equatable, CustomStringConvertible {
        let network: [UInt8]
        let bits: Int

        /// True when the range covers every address of its family (`0.0.0.0/0`, `::/0`).
        public var coversEverything: Bool { bits == 0 }

        public var description: String {
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            let family = network.count == 4 ? AF_INET : AF_INET6
            _ = network.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) }
            let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return bits == network.count * 8 ? address : "\(address)/\(bits)"
        }

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == network.count else { return false }
            for index in 0..<network.count {
                let covered = min(8, max(0, bits - index * 8))
                let mask = UInt8(truncatingIfNeeded: 0xFF00 >> covered)
                if address[index] & mask != network[index] { return false }
            }
            return true
        }
    }

    /// Why an entry of `trusted_proxies` is not an address or range.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case notAnAddress
        case badPrefix(max: Int)
        /// Bits set after the prefix, as in `10.1.2.3/8`: likely a typo, so it is refused rather than guessed at.
        case hostBits(network: String)

        public var description: String {
            switch self {
            case .notAnAddress: "is not an IP address or CIDR range like 127.0.0.1, ::1 or 10.0.0.0/8"
            case .badPrefix(let max): "has a prefix length that is not a number from 0 to \(max)"
            case .hostBits(let network): "has bits set after its prefix length; the range is written \(network)"
            }
        }
    }

    public private(set) var ranges: [Range]

    public static let none = TrustedProxies(ranges: [])

    public init(ranges: [Range]) { self.ranges = ranges }

    /// One entry: an address (`127.0.0.1`, `::1`) or a range (`10.0.0.0/8`, `fd00::/8`).
    public static func range(_ text: String) -> Result<Range, Problem> {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = parts.first.flatMap({ Self.bytes(String($0)) }) else { return .failure(.notAnAddress) }
        let most = address.count * 8
        var bits = most
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...3).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let prefix = Int(digits), prefix <= most
            else {
                return .failure(.badPrefix(max: most))
            }
            bits = prefix
        }
        let network = Range(network: address, bits: bits)
        let masked = Range(
            network: address.enumerated().map { index, byte in
                byte & UInt8(truncatingIfNeeded: 0xFF00 >> min(8, max(0, bits - index * 8)))
            }, bits: bits)
        guard masked == network else { return .failure(.hostBits(network: masked.description)) }
        return .success(network)
    }

    /// Whether the peer `address` (as the socket reports it) is one of the trusted proxies. An IPv4 peer on a
    /// dual-stack listener shows as `::ffff:a.b.c.d` and is matched as the IPv4 address it is.
    public func contains(_ address: String) -> Bool {
        guard !ranges.isEmpty, let bytes = Self.bytes(address) else { return false }
        var forms = [bytes]
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            forms.append(Array(bytes[12...]))
        }
        return ranges.contains { range in forms.contains { range.contains($0) } }
    }

    /// The address's bytes, 4 for IPv4 and 16 for IPv6; a zone (`fe80::1%eth0`) is not part of the address.
    static func bytes(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        let plain = text.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        guard let plain else { return nil }
        var four = [UInt8](repeating: 0, count: 4)
        if !plain.contains(":"), inet_pton(AF_INET, plain, &four) == 1 { return four }
        var sixteen = [UInt8](repeating: 0, count: 16)
        if plain.contains(":"), inet_pton(AF_INET6, plain, &sixteen) == 1 { return sixteen }
        return nil
    }
}
