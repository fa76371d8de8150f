import Crypto
public import Foundation

/// A review link as stored: never the token itself, only its hash, and what derives it with the server's key
/// (`LinkRef`). A link is not a login: it authorizes one person's decisions on one revision of one draft, until it
/// expires, is used by a decision, or is revoked.
public struct ReviewLink: Sendable, Equatable {
    /// The row's id, with `nonce` what the token is derived from; 0 for a link from before link keys.
    public var id: Int64
    public var nonce: String?
    public var tokenHash: String
    public var draftID: Int64
    public var revision: Int
    public var user: String
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?
    public var revokedAt: Date?
    public var revokedWhy: String?
    /// Who asked for it (`flowctl links new` or `links send`); nil when a decision minted it.
    public var mintedBy: String?
    /// The person its address was shown to, when flowd showed it to anyone (its own person, or an admin); nil when it
    /// went only to its person's own channels. A decision through it is refused if that person wrote the revision.
    public var shownTo: String?

    public init(
        id: Int64 = 0, nonce: String? = nil, tokenHash: String, draftID: Int64, revision: Int, user: String,
        createdAt: Date, expiresAt: Date, usedAt: Date? = nil, revokedAt: Date? = nil, revokedWhy: String? = nil,
        mintedBy: String? = nil, shownTo: String? = nil
    ) {
        self.id = id
        self.nonce = nonce
        self.tokenHash = tokenHash
        self.draftID = draftID
        self.revision = revision
        self.user = user
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.revokedAt = revokedAt
        self.revokedWhy = revokedWhy
        self.mintedBy = mintedBy
        self.shownTo = shownTo
    }

    public var ref: LinkRef? { nonce.map { LinkRef(id: id, nonce: $0) } }

    /// Why a link no longer works, or that it does. Checked in this order: a used link says so whatever came
    /// after; a link for an older revision says that (without showing the newer one) even though the new
    /// revision also revoked it.
    public enum Status: Sendable, Equatable {
        case live
        case used(at: Date)
        case revoked(why: String)
        case superseded(byRevision: Int)
        case expired(at: Date)
    }

    public func status(draftRevision: Int, now: Date) -> Status {
        if let usedAt { return .used(at: usedAt) }
        if draftRevision != revision { return .superseded(byRevision: draftRevision) }
        if let revokedAt, revokedAt <= now { return .revoked(why: revokedWhy ?? "revoked") }
        if expiresAt <= now { return .expired(at: expiresAt) }
        return .live
    }

    /// The status under the key flowd holds now: a link another key made is revoked (the key was rotated).
    public func status(draftRevision: Int, now: Date, key: LinkKey) -> Status {
        let status = status(draftRevision: draftRevision, now: now)
        guard status == .live, !key.made(self) else { return status }
        return .revoked(why: Self.rotated)
    }

    public static let rotated = "flowd's link key changed"

    /// The log's name for the link: a short prefix of the token's hash, never the token.
    public var shortHash: String { String(tokenHash.prefix(LinkToken.shortHashLength)) }
}

/// Who gets a new review link in a decision's transaction; the store makes its row and nonce.
public struct LinkGrant: Sendable, Equatable {
    public var user: String
    public var revision: Int
    public var expiresAt: Date
    /// As `ReviewLink.mintedBy` and `ReviewLink.shownTo`.
    public var mintedBy: String?
    public var shownTo: String?

    public init(user: String, revision: Int, expiresAt: Date, mintedBy: String? = nil, shownTo: String? = nil) {
        self.user = user
        self.revision = revision
        self.expiresAt = expiresAt
        self.mintedBy = mintedBy
        self.shownTo = shownTo
    }
}

/// A decision made through a review link: the link, and the person and revision the decision is for. The store
/// uses the link up only when it was minted for exactly these, so a link can never lend its authority to
/// another person, another draft or a later revision.
public struct LinkUse: Sendable, Equatable {
    public var hash: String
    public var user: String
    public var revision: Int

    public init(hash: String, user: String, revision: Int) {
        self.hash = hash
        self.user = user
        self.revision = revision
    }
}

/// Review-link changes that belong in the same transaction as a decision.
public struct LinkPlan: Sendable, Equatable {
    /// Revoke every live link of the draft, for this reason (a new revision, withdrawal).
    public var revokeAll: String?
    /// Revoke the live links of these people, each for its reason (a stand-in took over their review).
    public var revoke: [String: String] = [:]
    public var mint: [LinkGrant]
    /// The link this decision was made through, when the decision uses it up.
    public var use: LinkUse?

    public init(revokeAll: String? = nil, mint: [LinkGrant] = [], use: LinkUse? = nil) {
        self.revokeAll = revokeAll
        self.mint = mint
        self.use = use
    }

    public var isEmpty: Bool { revokeAll == nil && revoke.isEmpty && mint.isEmpty && use == nil }
}

/// Tokens in addresses: review links (derived, `LinkKey`) and calendar feeds (256 random bits), URL-safe, stored
/// only as their SHA-256.
public enum LinkToken {
    /// 32 bytes in unpadded base64url.
    public static let length = 43
    public static let shortHashLength = 12

    public static func make<R: RandomNumberGenerator>(using generator: inout R) -> String {
        base64url(randomBytes(32, using: &generator))
    }

    public static func make() -> String { base64url(randomBytes(32)) }

    /// `count` random bytes (a multiple of 8) from the system's generator: tokens, nonces and link keys.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return randomBytes(count, using: &generator)
    }

    static func randomBytes<R: RandomNumberGenerator>(_ count: Int, using generator: inout R) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        for _ in 0..<(count / 8) { withUnsafeBytes(of: generator.next()) { bytes.append(contentsOf: $0) } }
        return bytes
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Lower-case hex SHA-256 of the token's bytes: what the database keeps and lookups compare.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]], as: UTF8.self)
        }.joined()
    }

    /// The log's name for a token: a short prefix of its hash, never the token.
    public static func shortHash(of token: String) -> String { String(hash(token).prefix(shortHashLength)) }

    /// True for text that could be a token: checked before any lookup, in time linear in the input.
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy(isTokenByte)
    }

    /// A byte of base64url's alphabet.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2d || byte == 0x5f
    }
}

extension Directory {
    /// Links for the people who must act on a draft that has just come to need them, valid until the review
    /// deadline or `linkMaxAge` from now, whichever comes first.
    public func linkGrants(for people: [String], on draft: Draft, now: Date) -> [LinkGrant] {
        guard reviewLinks else { return [] }
        let longest = now.addingTimeInterval(linkMaxAge.timeInterval)
        let expires = draft.dueAt.map { min($0, longest) } ?? longest
        guard expires > now else { return [] }
        var seen: Set<String> = []
        return people.filter { users[$0] != nil && seen.insert($0).inserted }.map {
            LinkGrant(user: $0, revision: draft.revision, expiresAt: expires)
        }
    }
}
