/// What a report's pass over the history read, for the caller's log and the benchmark.
public struct ReportScanStats: Sendable {
    public var events = 0
    public var carriedIn = 0
    /// The most drafts followed at once: the report's memory grows with this, not with the history.
    public var mostOpen = 0
}
