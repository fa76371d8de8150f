import Crypto
import Foundation

/// A webhook secret as configured. `whsec_` secrets are base64 after the prefix (Standard Webhooks); any other
/// secret is its UTF-8 bytes.
public struct SigningSecret: Sendable, Equatable {
    public let key: [UInt8]
    /// HMAC-SHA256 with the key already taken in: each delivery copies it and adds its own bytes, instead of
    /// hashing the key again for every delivery.
    private let keyed: KeyedMAC

    public static func == (lhs: SigningSecret, rhs: SigningSecret) -> Bool { lhs.key == rhs.key }

    /// HMAC-SHA256 of `bytes` under this secret.
    func authenticationCode(for bytes: [UInt8]) -> [UInt8] {
        var mac = keyed.mac
        mac.update(data: bytes)
        return Array(mac.finalize())
    }

    public init?(_ text: String) {
        if text.hasPrefix("whsec_") {
            guard let data = Data(base64Encoded: String(text.dropFirst(6))), !data.isEmpty else { return nil }
            key = Array(data)
        } else {
            guard !text.isEmpty else { return nil }
            key = Array(text.utf8)
        }
        keyed = KeyedMAC(mac: HMAC(key: SymmetricKey(data: key)))
    }
}

/// swift-crypto does not declare `HMAC` Sendable, but it is a value: its hashers copy their state when a copy is
/// changed. The one here is never changed, only copied.
private struct KeyedMAC: @unchecked Sendable {
    let mac: HMAC<SHA256>
}
