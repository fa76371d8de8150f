public import Foundation

/// An approved template and the limits of its use: who approved it and when, until when it may be used, how
/// often a day, and whether it was revoked. A use is checked here before anything is written.
public struct TemplateGrant: Sendable, Equatable {
    /// `client/slug`, like `acme/outage`.
    public var name: String
    public var client: String
    public var approvedBy: [String]
    public var approvedAt: Date
    public var expiresAt: Date?
    public var maxUsesPerDay: Int?
    public var revokedAt: Date?

    public init(
        name: String, client: String, approvedBy: [String], approvedAt: Date, expiresAt: Date? = nil,
        maxUsesPerDay: Int? = nil, revokedAt: Date? = nil
    ) {
        self.name = name
        self.client = client
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.expiresAt = expiresAt
        self.maxUsesPerDay = maxUsesPerDay
        self.revokedAt = revokedAt
    }

    /// Refuses a use the template does not allow now: for another client, revoked, expired, or over the day's cap
    /// (`usesToday` counts the uses since the start of the client's local day, `startOfDay`).
    /// A refusal tells its times in the client's zone (`zone`).
    public func checkUse(for client: String, usesToday: Int, now: Date, zone: TimeZone?) throws(Refusal) {
        guard client == self.client else {
            throw Refusal(
                .invalidRequest, "template \(name) is \(self.client)'s; a draft for \(client) cannot use it")
        }
        if let revokedAt, revokedAt <= now {
            throw Refusal(
                .invalidTransition,
                "template \(name) was revoked \(SpokenTime.format(revokedAt, in: zone, language: .en, now: now))")
        }
        if let expiresAt, expiresAt <= now {
            throw Refusal(
                .invalidTransition,
                "template \(name) expired \(SpokenTime.format(expiresAt, in: zone, language: .en, now: now))")
        }
        if let cap = maxUsesPerDay, usesToday >= cap {
            throw Refusal(
                .invalidTransition, "template \(name) has been used \(usesToday) times today; its cap is \(cap) a day")
        }
    }

    /// The start of the local day that contains `now`, in the client's zone: uses count from there.
    public static func startOfDay(_ now: Date, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.startOfDay(for: now)
    }

    /// What a draft approved by this template records: `approved by template acme/outage, approved by carl on
    /// 2026-11-20 14:02 Europe/Berlin`.
    public func approvalNote(in zone: TimeZone) -> String {
        "approved by template \(name), approved by \(approvedBy.joined(separator: " and ")) on "
            + Deadlines.format(approvedAt, in: zone)
    }
}
