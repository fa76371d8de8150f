public import Foundation

/// The loop report over a half-open period (`flowctl report`): one row per group sorted by key, the total (in
/// which a draft counted in several groups counts once), and the lanes whose clients grant them autonomy.
public struct ReportReading: Sendable {
    public var from: Date
    public var to: Date
    public var now: Date
    public var grouping: ReportGrouping
    public var rows: [(key: String, figures: ReportFigures)]
    public var total: ReportFigures
    public var autonomy: [LaneAutonomy]
    /// The absences that held during the period, of the people the reader may see: a round a stand-in decided counts
    /// for the stand-in, and this says why they decided it.
    public var absences: [Absence] = []

    public init(
        from: Date, to: Date, now: Date, grouping: ReportGrouping, rows: [(key: String, figures: ReportFigures)],
        total: ReportFigures, autonomy: [LaneAutonomy]
    ) {
        self.from = from
        self.to = to
        self.now = now
        self.grouping = grouping
        self.rows = rows
        self.total = total
        self.autonomy = autonomy
    }
}
