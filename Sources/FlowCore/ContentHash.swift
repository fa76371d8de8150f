import Crypto
import Foundation

extension Content {
    /// SHA-256 over a length-prefixed encoding, so that no two different contents share a preimage.
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
        return "sha256:" + hex(hasher.finalize())
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

/// Lower-case hex of any byte sequence.
public func hex(_ bytes: some Sequence<UInt8>) -> String {
    var out: [UInt8] = []
    for byte in bytes {
        out.append(hexDigits[Int(byte >> 4)])
        out.append(hexDigits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
}
