/// Where a publisher fetches an approved medium: `/p/<draft>/<sha256>/<token>` on the public listener. The token
/// is derived from the server's link key for the draft and the medium (`LinkKey.mediaToken`), so it is never
/// stored and a new key ends every address; the address is answered only while the draft is approved with that
/// medium in its revision (`served`), so it stops working once the draft is published, withdrawn or changed. An
/// outbox payload holds a placeholder, `flowd-media:<draft>.<sha256>`, which the notifier writes out at delivery
/// as it does a review link's.
public enum MediaAddress {
    public static let prefix = "flowd-media:"

    public static func placeholder(draft: Int64, sha256: String) -> String { "\(prefix)\(draft).\(sha256)" }

    /// The medium the address of `sha256` serves on `draft` now: one of its media, while it is approved.
    public static func served(_ sha256: String, of draft: Draft) -> Medium? {
        guard draft.state == .approved else { return nil }
        return draft.content.media.first { $0.sha256 == sha256 }
    }
}

extension LinkKey {
    /// The token of a medium's fetch address: 43 characters of base64url.
    public func mediaToken(draft: Int64, sha256: String) -> String {
        LinkToken.base64url(mac("flowd approved medium 1\u{0}\(draft)\u{0}\(sha256)"))
    }

    /// Whether `token` is the medium's, compared in constant time.
    public func isMediaToken(_ token: String, draft: Int64, sha256: String) -> Bool {
        WebhookVerifier.constantTimeEqual(Array(token.utf8), Array(mediaToken(draft: draft, sha256: sha256).utf8))
    }

    /// `payload` with every medium's placeholder (`MediaAddress.placeholder`) replaced by its address under `base`,
    /// in one pass; text that only looks like one stays as it is.
    public func mediaAddresses(in payload: String, base: String) -> String {
        let prefix = Array(MediaAddress.prefix.utf8)
        let bytes = Array(payload.utf8)
        var out: [UInt8] = []
        var index = 0
        var copied = 0
        while index + prefix.count <= bytes.count {
            guard bytes[index] == prefix[0], bytes[index..<(index + prefix.count)].elementsEqual(prefix),
                let (draft, sha, end) = Self.medium(in: bytes, at: index + prefix.count)
            else {
                index += 1
                continue
            }
            out.append(contentsOf: bytes[copied..<index])
            out.append(contentsOf: "\(base)/p/\(draft)/\(sha)/\(mediaToken(draft: draft, sha256: sha))".utf8)
            (index, copied) = (end, end)
        }
        guard copied > 0 else { return payload }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    /// `<draft>.<sha256>` at `start`, and where it ends.
    private static func medium(in bytes: [UInt8], at start: Int) -> (Int64, String, Int)? {
        var index = start
        var draft: Int64 = 0
        while index < bytes.count, (48...57).contains(bytes[index]), index - start < 18 {
            draft = draft * 10 + Int64(bytes[index] - 48)
            index += 1
        }
        guard index > start, index + 65 <= bytes.count, bytes[index] == UInt8(ascii: ".") else { return nil }
        let sha = String(decoding: bytes[(index + 1)..<(index + 65)], as: UTF8.self)
        guard Medium.isSHA256(sha) else { return nil }
        return (draft, sha, index + 65)
    }
}
