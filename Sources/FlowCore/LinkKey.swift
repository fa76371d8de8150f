import Crypto
import Foundation

/// Where a review link's address is, without the address: the link's row id and a random nonce, both in the
/// database. The token is derived from them with a key that is not (`LinkKey`), so neither a dump of the database
/// nor a backup holds a working link, and a notification in the outbox keeps this reference (`placeholder`) until
/// the notifier writes the address at delivery.
public struct LinkRef: Sendable, Hashable {
    public var id: Int64
    public var nonce: String

    public init(id: Int64, nonce: String) {
        self.id = id
        self.nonce = nonce
    }

    /// 128 random bits in unpadded base64url.
    public static func newNonce() -> String { LinkToken.base64url(LinkToken.randomBytes(16)) }

    static let prefix = "flowd-link:"
    static let nonceLength = 22

    /// What a payload holds in the address's place until delivery: `flowd-link:<id>.<nonce>`. Text that only looks
    /// like one yields a token no link has, since the nonce is random and never shown.
    public var placeholder: String { "\(Self.prefix)\(id).\(nonce)" }

    static let inboxPrefix = "flowd-inbox:"

    /// The same for a person's inbox link (`InboxLink`): `flowd-inbox:<id>.<nonce>`.
    public var inboxPlaceholder: String { "\(Self.inboxPrefix)\(id).\(nonce)" }
}

/// The server's link key: 32 bytes or more, outside the database (a 0600 file beside it, created at first start,
/// or a systemd credential). A link's token is HMAC-SHA256(key, its row id and nonce); a new key revokes every link.
public struct LinkKey: Sendable {
    /// Bytes, not a `SymmetricKey`: swift-crypto's key is not `Sendable`, and the store's key crosses threads.
    private let bytes: [UInt8]

    public static let minimumBytes = 32

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count >= Self.minimumBytes else { return nil }
        self.bytes = Array(bytes)
    }

    /// A key of its own, for a store that is never asked for an address it did not mint (tests).
    public static func random() -> LinkKey { LinkKey(bytes: LinkToken.randomBytes(minimumBytes))! }

    /// The link's token: 43 characters of base64url, as `LinkToken.isWellFormed` expects.
    public func token(for ref: LinkRef) -> String {
        LinkToken.base64url(mac("flowd review link 1\u{0}\(ref.id)\u{0}\(ref.nonce)"))
    }

    /// An inbox link's token: from its own row's id and nonce, under its own name, so it is never a review link's.
    public func inboxToken(for ref: LinkRef) -> String {
        LinkToken.base64url(mac("flowd inbox link 1\u{0}\(ref.id)\u{0}\(ref.nonce)"))
    }

    /// The address of a person's inbox: the page that lists everything waiting for them.
    public func inboxAddress(for ref: LinkRef, base: String) -> String { base + "/i/" + inboxToken(for: ref) }

    /// HMAC-SHA256 of `text` under the key; each use names itself in `text`, so no token stands for another.
    func mac(_ text: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: bytes)))
    }

    /// The address a person opens.
    public func address(for ref: LinkRef, base: String) -> String { base + "/r/" + token(for: ref) }

    /// True when this key made the link's token: false for a link minted under another key (rotated), and for one
    /// from before links had keys.
    public func made(_ link: ReviewLink) -> Bool {
        guard let ref = link.ref else { return false }
        return LinkToken.hash(token(for: ref)) == link.tokenHash
    }

    /// `payload` with every placeholder (`LinkRef.placeholder`, `inboxPlaceholder`) replaced by its address.
    public func addresses(in payload: String, base: String) -> String {
        let reviews = replacing(LinkRef.prefix, in: payload) { address(for: $0, base: base) }
        return replacing(LinkRef.inboxPrefix, in: reviews) { inboxAddress(for: $0, base: base) }
    }

    /// `payload` with every `<prefix><id>.<nonce>` replaced by `address` of it, in one pass.
    private func replacing(_ prefix: String, in payload: String, by address: (LinkRef) -> String) -> String {
        let bytes = Array(payload.utf8)
        let prefix = Array(prefix.utf8)
        guard bytes.count >= prefix.count else { return payload }
        var out: [UInt8] = []
        var index = 0
        var copied = 0
        while index + prefix.count <= bytes.count {
            guard bytes[index] == prefix[0], bytes[index..<(index + prefix.count)].elementsEqual(prefix),
                let (ref, end) = Self.reference(in: bytes, at: index + prefix.count)
            else {
                index += 1
                continue
            }
            out.append(contentsOf: bytes[copied..<index])
            out.append(contentsOf: address(ref).utf8)
            index = end
            copied = end
        }
        guard copied > 0 else { return payload }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    /// `<id>.<nonce>` at `start`, and where it ends.
    private static func reference(in bytes: [UInt8], at start: Int) -> (LinkRef, Int)? {
        var index = start
        var id: Int64 = 0
        while index < bytes.count, (48...57).contains(bytes[index]), index - start < 18 {
            id = id * 10 + Int64(bytes[index] - 48)
            index += 1
        }
        guard index > start, index < bytes.count, bytes[index] == UInt8(ascii: "."),
            index + 1 + LinkRef.nonceLength <= bytes.count
        else { return nil }
        let nonce = bytes[(index + 1)..<(index + 1 + LinkRef.nonceLength)]
        guard nonce.allSatisfy(LinkToken.isTokenByte) else { return nil }
        return (LinkRef(id: id, nonce: String(decoding: nonce, as: UTF8.self)), index + 1 + LinkRef.nonceLength)
    }
}
