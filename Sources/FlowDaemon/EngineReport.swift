import FlowConfig
public import FlowCore
import FlowStore
public import Foundation
import Logging
import NIOPosix
import Synchronization

/// `flowctl report`: FlowCore's `LoopReport` folded over the history by `ReportScan`, on a read-only connection
/// of its own and a thread of NIO's blocking pool, so a year of history never holds up the store or a request.
extension Engine {
    /// The longest period a report covers; longer ones are refused before any work.
    static let longestReport = TimeSpan(seconds: 10 * 366 * 86_400)
    /// Reports running at once; more get 429 (each takes a thread of the blocking pool for up to a second).
    static let concurrentReports = 2

    /// A period from a request: `from` before `to`, and no longer than `longest`.
    static func checkPeriod(from: Date, to: Date, longest: TimeSpan, for what: String, now: Date) throws {
        guard from < to else {
            throw Refusal(
                .invalidRequest,
                "the period is inverted: from \(SpokenTime.format(from, in: nil, language: .en, now: now)) is not "
                    + "before to \(SpokenTime.format(to, in: nil, language: .en, now: now))")
        }
        guard to.timeIntervalSince(from) <= longest.timeInterval else {
            throw Refusal(.invalidRequest, "\(what) covers at most \(longest); narrow the period")
        }
    }

    /// The loop report over `from..<to` grouped `by`, for one client or every client in the caller's scope.
    public func report(
        from: Date, to: Date, by grouping: ReportGrouping, client: String?, for actor: Actor
    ) async throws -> ReportReading {
        try Self.checkPeriod(from: from, to: to, longest: Self.longestReport, for: "a report", now: time.now())
        let directory = config.directory
        let scope = scope(actor)
        var clients = scope.only
        if let client {
            // Like every other verb: a client outside the caller's scope answers like one that does not exist.
            guard scope.contains(client), directory.clients[client] != nil || scope == .everything else {
                throw Refusal(.notFound, "no client \(quoted(client))")
            }
            clients = [client]
        }
        guard
            reportsRunning.withLock({ running in
                guard running < Self.concurrentReports else { return false }
                running += 1
                return true
            })
        else {
            throw Refusal(.tooManyRequests, "\(Self.concurrentReports) reports are running; try again shortly")
        }
        defer { reportsRunning.withLock { $0 -= 1 } }

        let now = time.now()
        let started = ContinuousClock.now
        let path = store.path
        let only = clients
        let (rows, total, stats) = try await NIOThreadPool.singleton.runIfActive {
            var report = LoopReport(
                from: from, to: to, now: now, grouping: grouping, directory: directory, clients: only)
            let stats = try ReportScan.run(database: path, into: &report)
            let rows = report.finish()
            return (rows, report.total, stats)
        }
        logger.info(
            "report",
            metadata: [
                "actor": "\(actor.user.name)", "by": "\(grouping.rawValue)", "events": "\(stats.events)",
                "carried_in": "\(stats.carriedIn)", "most_open": "\(stats.mostOpen)",
                "took": "\(ContinuousClock.now - started)",
            ])
        var reading = ReportReading(
            from: from, to: to, now: now, grouping: grouping, rows: rows, total: total,
            autonomy: try await autonomyRecords(client: client, for: actor))
        reading.absences = try await store.absences(overlapping: from, to).filter { absence in
            directory.mayRead(absencesOf: absence.person, by: actor.user)
                && (client.map { client in directory.belongs(absence.person, to: client) } ?? true)
        }
        return reading
    }
}
