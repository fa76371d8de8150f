import FlowConfig
public import FlowCore
import FlowStore
import Foundation
import Logging
import NIOPosix

/// `flowctl policy simulate`: the lane's history fitted (`ReviewBehaviour`) and replayed under the policy in force
/// and a proposal (`PolicySimulation`), on a thread of NIO's blocking pool and a read-only connection of its own, so
/// it never holds up the store or a request.
extension Engine {
    /// The longest history read, the most runs, and the most replays (submissions × runs × 2) one request may ask.
    static let longestSimulation = TimeSpan(seconds: 2 * 366 * 86_400)
    static let maxRuns = 1_000
    static let maxReplays = 20_000_000

    /// Fits the lane's history since `since` seconds ago and replays its submissions `runs` times under the policy in
    /// force and under `proposal` (a file's text, named `proposalName` in errors).
    public func simulate(
        client: String, lane: Lane, since: Int64, proposal: String, proposalName: String, runs: Int, seed: UInt64,
        for actor: Actor
    ) async throws -> SimulationOutcome {
        let started = ContinuousClock.now
        let directory = config.directory
        guard directory.clients[client] != nil, scope(actor).contains(client) else {
            throw Refusal(.notFound, "no client \(quoted(client))")
        }
        guard (1...Self.maxRuns).contains(runs) else {
            throw Refusal(.invalidRequest, "--runs must be between 1 and \(Self.maxRuns), not \(runs)")
        }
        guard since > 0, since <= Self.longestSimulation.seconds else {
            throw Refusal(.invalidRequest, "--since must be a period of at most \(Self.longestSimulation)")
        }
        let current = directory.policy(for: lane, client: client)
        let proposed: LanePolicy
        do {
            proposed = try PolicyProposal.read(
                proposal, name: proposalName, base: current, groups: directory.groups)
        } catch {
            throw Refusal(.invalidRequest, "\(error)")
        }
        let to = time.now()
        let from = to.addingTimeInterval(-Double(since))
        let path = store.path
        var outcome = try await NIOThreadPool.singleton.runIfActive { () throws -> SimulationOutcome in
            let history = try LaneHistory.read(database: path, client: client, lane: lane, since: from)
            let clock = directory.clock(for: lane, client: client).laidOut(from: from, to: to)
            let rounds = history.flatMap { ReviewRound.rounds(of: $0, clock: clock) }
            let submissions = history.compactMap { events in
                events.first { $0.kind == .submit || ($0.kind == .templateUsed && $0.to == .review) }?.at
            }
            guard !submissions.isEmpty else {
                throw Refusal(
                    .invalidRequest,
                    "no \(lane.rawValue) draft of \(client) was submitted since "
                        + "\(SpokenTime.format(from, in: directory.clients[client]?.timeZone, language: .en, now: to)): "
                        + "nothing to replay; "
                        + "choose a longer --since or another lane")
            }
            guard submissions.count * runs * 2 <= Self.maxReplays else {
                throw Refusal(
                    .invalidRequest,
                    "\(submissions.count) submissions × \(runs) runs is more than this flowd replays at once; "
                        + "lower --runs")
            }
            let behaviour = ReviewBehaviour.fit(rounds)
            func figures(_ policy: LanePolicy) -> (LanePolicy, SimulationFigures) {
                let simulation = directory.simulation(
                    of: policy, client: client, lane: lane, behaviour: behaviour, from: from, to: to)
                return (policy, simulation.replay(submissions, runs: runs, seed: seed))
            }
            return SimulationOutcome(
                client: client, lane: lane, from: from, to: to, clock: current.clock, submissions: submissions.count,
                runs: runs, seed: seed, behaviour: behaviour, current: figures(current), proposal: figures(proposed),
                warnings: behaviour.warnings(requiredApprovals: current.requiredApprovals))
        }
        let took = ContinuousClock.now - started
        outcome.tookMilliseconds = Int(
            took.components.seconds * 1_000 + took.components.attoseconds / 1_000_000_000_000_000)
        logger.info(
            "policy simulated",
            metadata: [
                "client": "\(client)", "lane": "\(lane.rawValue)", "submissions": "\(outcome.submissions)",
                "runs": "\(runs)", "took": "\(outcome.tookMilliseconds) ms",
            ])
        return outcome
    }
}
