import Crypto
public import Foundation

extension Content {
    /// SHA-256 over a length-prefixed encoding, so that no two different contents share a preimage. The media are
    /// covered by their stored bytes' hashes, their order and their alt texts: `publish --hash` proves the pictures.
    public var hash: String {
        var hasher = SHA256()
        func field(_ string: String) {
            let bytes = Array(string.utf8)
            var length = UInt64(bytes.count).bigEndian
            withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
            hasher.update(data: bytes)
        }
        field(title)
        field(body)
        field(channels.joined(separator: "\n"))
        field(publishAt.map { String(Int64(($0.timeIntervalSince1970 * 1000).rounded())) } ?? "")
        // Only content with media has these fields, so every hash made before drafts carried media still holds;
        // no such content has a fifth field, so none shares a preimage with content that has media.
        if !media.isEmpty {
            field("media \(media.count)")
            for medium in media {
                field(medium.sha256)
                field(medium.alt)
            }
        }
        return "sha256:" + hex(hasher.finalize())
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

/// Lower-case hex of bytes in memory (a digest, an array). Over `ContiguousBytes`, not any sequence: a generic
/// sequence called from another module is iterated through its witnesses, one call per byte.
public func hex(_ bytes: some ContiguousBytes) -> String {
    bytes.withUnsafeBytes(hex(raw:))
}

private func hex(raw: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: raw.count * 2) { out in
        for (index, byte) in raw.enumerated() {
            out[2 * index] = hexDigits[Int(byte >> 4)]
            out[2 * index + 1] = hexDigits[Int(byte & 0x0f)]
        }
        return raw.count * 2
    }
}
