import Foundation

/// What `crisis end` reports: the crisis lane's figures from the crisis's start to its end, read from
/// `LoopReport` grouped by approver.
public struct CrisisSummary: Sendable, Equatable {
    /// How one person answered during the crisis.
    public struct Responder: Sendable, Equatable {
        public var person: String
        /// Review rounds this person decided.
        public var decided: Int
        /// Their median time to first response, in seconds.
        public var firstResponseP50: Int64?
    }

    /// From the start to the first approved statement, in seconds.
    public var firstApprovedAfter: Int64?
    public var statements: Int
    public var approved: Int
    public var published: Int
    /// The people who decided something, in the report's order; drafts nobody decided are left out.
    public var responders: [Responder]

    /// The summary of a crisis from its report's rows (grouped by approver) and their total.
    public init(_ crisis: Crisis, rows: [(key: String, figures: ReportFigures)], total: ReportFigures) {
        firstApprovedAfter = total.firstApprovedAt.map { Int64($0.timeIntervalSince(crisis.startedAt).rounded()) }
        statements = total.drafts
        // A statement made from an approved crisis template is approved when it is made, which no review round
        // counts; every statement published was approved, so the approved are at least the published.
        published = total.published
        approved = max(total.approved + total.autoApproved, published)
        responders = rows.filter { $0.key != LoopReport.nobody && $0.figures.decided > 0 }.map {
            Responder(
                person: $0.key, decided: $0.figures.decided,
                firstResponseP50: $0.figures.firstResponseWall.percentile(0.5))
        }
    }
}
