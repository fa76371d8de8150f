public import Foundation

/// What makes a draft a template: its name within the client, and the limits of its use once approved. A
/// template goes through review like any draft; it is never published, only used (`Workflow.decideUse`).
public struct TemplateRules: Sendable, Equatable, Codable {
    /// The name within the client (`outage` in `acme/outage`): a plain identifier.
    public var name: String
    public var expiresAt: Date?
    public var maxUsesPerDay: Int?
    /// Offered first while the client's crisis runs.
    public var crisis: Bool

    public static let maxUsesPerDayLimit = 1_000

    public init(name: String, expiresAt: Date? = nil, maxUsesPerDay: Int? = nil, crisis: Bool = false) {
        self.name = name
        self.expiresAt = expiresAt
        self.maxUsesPerDay = maxUsesPerDay
        self.crisis = crisis
    }

    /// `acme/outage`: how people name a template.
    public static func fullName(client: String, name: String) -> String { client + "/" + name }

    /// Splits `acme/outage` into its client and name; nil unless both are plain identifiers.
    public static func parse(_ fullName: String) -> (client: String, name: String)? {
        let parts = fullName.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, Workflow.isIdentifier(parts[0]), Workflow.isIdentifier(parts[1]) else { return nil }
        return (parts[0], parts[1])
    }

    /// The rules a new template may have: a plain name, a future expiry, a sensible cap. A refusal tells the expiry
    /// in the client's zone.
    func check(now: Date, zone: TimeZone?) throws(Refusal) {
        guard Workflow.isIdentifier(name) else {
            throw Refusal(
                .invalidRequest, "template name \(quoted(name)) is not a plain name (a-z, 0-9, -, _, .)")
        }
        if let expiresAt, expiresAt <= now {
            throw Refusal(
                .invalidRequest,
                "template \(name) would expire \(SpokenTime.format(expiresAt, in: zone, language: .en, now: now)), which has passed"
            )
        }
        if let cap = maxUsesPerDay, !(1...Self.maxUsesPerDayLimit).contains(cap) {
            throw Refusal(
                .invalidRequest, "a template's uses per day must be 1 to \(Self.maxUsesPerDayLimit), not \(cap)")
        }
    }
}

extension Draft {
    /// The template's grant as it stands: who approved it and when, and its limits; nil unless this draft is
    /// an approved template. A withdrawn template is revoked.
    public var templateGrant: TemplateGrant? {
        guard let template, state == .approved || state == .withdrawn else { return nil }
        let approvals = state == .approved ? currentApprovals : approvals.filter { $0.revision == revision }
        guard let approvedAt = approvals.map(\.at).max() else { return nil }
        return TemplateGrant(
            name: TemplateRules.fullName(client: client, name: template.name), client: client,
            approvedBy: approvals.map(\.user), approvedAt: approvedAt, expiresAt: template.expiresAt,
            maxUsesPerDay: template.maxUsesPerDay, revokedAt: state == .withdrawn ? updatedAt : nil)
    }
}
