import FlowConfig
public import FlowCore
import FlowStore
import Foundation
import Logging
import NIOPosix

/// Crisis mode: `flowctl crisis start|end|status`. While a client's crisis runs, its new drafts go to the crisis
/// lane; ending it reports how the crisis lane went, from FlowCore's `LoopReport` over the crisis.
extension Engine {
    /// Starts the client's crisis; gives it with the client's crisis templates that may be used now.
    public func startCrisis(client: String, message asked: String?, by actor: Actor) async throws -> (
        crisis: Crisis, templates: [TemplateStanding]
    ) {
        try checkCrisisActor(actor, client: client)
        let message: String
        do { message = try Crisis.checkMessage(asked) } catch {
            throw Refusal(.invalidRequest, error.message)
        }
        let planner = loadedConfig.planner
        let now = time.now()
        guard
            let crisis = try await store.startCrisis(
                client: client, message: message, by: actor.user.name, at: now,
                notices: { planner.crisisMessages($0, now: now) })
        else {
            let running = try await store.runningCrisis(client: client)
            let zone = configured { $0.directory.clients[client]?.timeZone }
            let since = { SpokenTime.format($0, in: zone, language: .en, now: now) }
            throw Refusal(
                .invalidTransition,
                "a crisis for \(client) is running already"
                    + (running.map { " (since \(since($0.startedAt)), started by \($0.startedBy))" } ?? ""))
        }
        logger.notice(
            "crisis started", metadata: ["client": "\(crisis.client)", "actor": "\(actor.user.name)"])
        outboxNudge.signal()
        let offered = try await templates(client: crisis.client, all: false, for: actor).filter {
            $0.rules.crisis && $0.usable
        }
        return (crisis, offered)
    }

    /// Ends the client's crisis; gives it with how the crisis lane went.
    public func endCrisis(client: String, by actor: Actor) async throws -> (crisis: Crisis, summary: CrisisSummary) {
        try checkCrisisActor(actor, client: client)
        guard let crisis = try await store.endCrisis(client: client, by: actor.user.name, at: time.now())
        else {
            throw Refusal(.invalidTransition, "no crisis is running for \(client)")
        }
        logger.notice("crisis ended", metadata: ["client": "\(crisis.client)", "actor": "\(actor.user.name)"])
        return (crisis, try await crisisSummary(crisis))
    }

    /// The crises running now, in the caller's scope.
    public func crises(for actor: Actor) async throws -> [Crisis] {
        try await store.runningCrises(clients: scope(actor).only)
    }

    /// The lane a new draft goes to: the one asked for, else crisis while the client's crisis runs.
    func lane(for client: String, asked: Lane?) async throws -> Lane {
        if let asked { return asked }
        return try await store.runningCrisis(client: client) == nil ? .normal : .crisis
    }

    /// The agency starts and ends crises (agency users in the client's scope, and admins).
    private func checkCrisisActor(_ actor: Actor, client: String) throws {
        guard config.directory.clients[client] != nil, scope(actor).contains(client) else {
            throw Refusal(.notFound, "no client \(quoted(client))")
        }
        guard actor.user.side == .agency || actor.user.has(.admin) else {
            throw Refusal(.forbidden, "\(actor.user.name) may not start or end crises: the agency does")
        }
    }

    /// The crisis lane from start to end, by who decided: what `crisis end` prints.
    private func crisisSummary(_ crisis: Crisis) async throws -> CrisisSummary {
        let directory = config.directory
        let path = store.path
        let end = crisis.endedAt ?? time.now()
        let (rows, total) = try await NIOThreadPool.singleton.runIfActive {
            var report = LoopReport(
                from: crisis.startedAt, to: end.addingTimeInterval(0.001), now: end, grouping: .approver,
                directory: directory, clients: [crisis.client], lanes: [.crisis])
            _ = try ReportScan.run(database: path, into: &report)
            let rows = report.finish()
            return (rows, report.total)
        }
        return CrisisSummary(crisis, rows: rows, total: total)
    }
}
