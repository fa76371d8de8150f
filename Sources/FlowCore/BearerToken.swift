import Crypto

/// A shared secret a client presents as `Authorization: Bearer <token>` (RFC 6750), as Prometheus sends it from
/// `authorization: { credentials_file: ... }`.
///
/// Only the token's SHA-256 is kept: the comparison then runs over two digests of fixed length, in constant time,
/// so neither the token's bytes nor its length show in how long a refusal takes; and a dump of the process or of
/// the config model holds nothing that could be presented.
public struct BearerToken: Sendable, Equatable, CustomStringConvertible {
    private let digest: [UInt8]

    /// Shorter tokens could be guessed: the listener that checks them has no limit on attempts.
    public static let minimumLength = 16

    /// Why a text cannot be a token. Never carries the text.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case tooShort
        case notToken68

        public var description: String {
            switch self {
            case .empty: "is empty"
            case .tooShort: "is shorter than \(BearerToken.minimumLength) characters"
            case .notToken68:
                "holds characters a bearer token may not (letters, digits and - . _ ~ + / only, = at the end)"
            }
        }
    }

    /// A token from the text of a secret file or credential, already trimmed of surrounding whitespace.
    public static func parse(_ text: String) -> Result<BearerToken, Problem> {
        guard !text.isEmpty else { return .failure(.empty) }
        guard isToken68(text.utf8) else { return .failure(.notToken68) }
        guard text.utf8.count >= minimumLength else { return .failure(.tooShort) }
        return .success(BearerToken(digest: Array(SHA256.hash(data: Array(text.utf8)))))
    }

    private init(digest: [UInt8]) { self.digest = digest }

    /// Whether an `Authorization` field value carries this token. The scheme name is case-insensitive (RFC 9110
    /// §11.1); anything else about the value must be exact.
    public func accepts(authorization: String?) -> Bool {
        guard let authorization else { return false }
        let bytes = Array(authorization.utf8)
        let scheme = Array("bearer".utf8)
        // Setting 0x20 folds exactly the upper-case letters onto the lower-case ones of "bearer".
        guard bytes.count > scheme.count + 1, bytes[scheme.count] == 0x20,
            zip(bytes, scheme).allSatisfy({ ($0 | 0x20) == $1 })
        else { return false }
        let presented = bytes[(scheme.count + 1)...].drop { $0 == 0x20 }
        var difference: UInt8 = 0
        for (a, b) in zip(SHA256.hash(data: Array(presented)), digest) { difference |= a ^ b }
        return difference == 0
    }

    public var description: String { "BearerToken(redacted)" }

    /// RFC 7235's `token68`: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
    private static func isToken68(_ bytes: String.UTF8View) -> Bool {
        var padding = false
        var count = 0
        for byte in bytes {
            if byte == UInt8(ascii: "=") {
                guard count > 0 else { return false }
                padding = true
                continue
            }
            guard !padding else { return false }
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                count += 1
            default: return false
            }
        }
        return count > 0
    }
}
