import CoreMetrics
import FlowCore
import FlowStore
import Foundation
import Metrics
import Prometheus
import Synchronization

/// flowd's metrics, for Prometheus: swift-metrics handles backed by a registry of flowd's own (no global
/// bootstrap, so every engine, in tests too, counts for itself). Names and units follow Prometheus' conventions:
/// `_total` counters, `_seconds` histograms, base units. What a scrape reads from the database (drafts by
/// state and client, deliveries by sink and state) is set as gauges at scrape time.
final class FlowMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let transitions: [EventKind: Metrics.Counter]
    private let reviewDuration: Metrics.Timer
    private let timerLag: Metrics.Timer
    private let commitDuration: Metrics.Timer
    private let commitBatch: Recorder
    /// The counters whose labels come with each event (webhook source and status, sink and outcome), made at first
    /// use and kept by label and values: making one per event took a lock in the registry and built its label
    /// each time, a cost every webhook paid. Every such label's values are few.
    private let labelled = Mutex<[[String]: Metrics.Counter]>([:])

    init(version: String) {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Reviews last hours to days; a timer fires within milliseconds unless something is wrong.
        factory.durationHistogramBuckets["flowd_review_duration_seconds"] = [
            300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 172_800, 345_600, 604_800,
        ].map { Duration.seconds($0) }
        factory.durationHistogramBuckets["flowd_timer_lag_seconds"] = [
            1, 5, 10, 50, 100, 250, 500, 1000, 2500, 5000, 30_000, 60_000,
        ].map { Duration.milliseconds($0) }
        factory.durationHistogramBuckets["flowd_commit_duration_seconds"] = [
            100, 250, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000, 250_000,
        ].map { Duration.microseconds($0) }
        factory.valueHistogramBuckets["flowd_commit_batch_size"] = [1, 2, 4, 8, 16, 32, 64, 128, 256]
        self.factory = factory
        var transitions: [EventKind: Metrics.Counter] = [:]
        for kind in EventKind.allCases {
            transitions[kind] = Metrics.Counter(
                label: "flowd_transitions_total", dimensions: [("action", kind.rawValue)], factory: factory)
        }
        self.transitions = transitions
        reviewDuration = Metrics.Timer(label: "flowd_review_duration_seconds", factory: factory)
        timerLag = Metrics.Timer(label: "flowd_timer_lag_seconds", factory: factory)
        commitDuration = Metrics.Timer(label: "flowd_commit_duration_seconds", factory: factory)
        commitBatch = Recorder(label: "flowd_commit_batch_size", factory: factory)
        gauge("build_info", [("version", version)], help: "flowd's version; always 1").set(to: 1.0)
    }

    func committed(_ event: Event) { transitions[event.kind]?.increment() }

    /// How long a draft was in review, when a decision takes it out of review; nil otherwise.
    static func reviewTime(from before: Draft?, to after: Draft, at now: Date) -> TimeInterval? {
        guard before?.state == .review, after.state != .review, let since = before?.enteredAt else { return nil }
        return now.timeIntervalSince(since)
    }

    func leftReview(after seconds: TimeInterval) { reviewDuration.recordNanoseconds(Int64(max(0, seconds) * 1e9)) }

    /// The lag of each timer whose firing committed, and the review it ended, if it ended one.
    func timersFired(_ observations: [TimerObservation], committed: [Decision]) {
        let drafts = Set(committed.map(\.draft.id))
        for observation in observations where drafts.contains(observation.draft) {
            timerLag.recordNanoseconds(Int64(max(0, observation.lag) * 1e9))
            if let review = observation.review { leftReview(after: review) }
        }
    }

    func commit(took duration: Duration, batch: Int) {
        let (seconds, attoseconds) = duration.components
        commitDuration.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        commitBatch.record(batch)
    }

    /// `source` only when it is a configured one: a label per path an attacker tries would grow without bound.
    func webhook(source: String, status: Int) {
        counter("flowd_webhook_requests_total", [("source", source), ("status", "\(status)")]).increment()
    }

    func deliveryAttempt(sink: String, verdict: AttemptVerdict) {
        let outcome =
            switch verdict {
            case .delivered: "delivered"
            case .retry: "retry"
            case .deadLetter: "dead"
            case .sinkGone: "gone"
            }
        counter("flowd_delivery_attempts_total", [("sink", sink), ("outcome", outcome)]).increment()
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Counter {
        let key = [label] + dimensions.map(\.1)
        return labelled.withLock { counters in
            if let known = counters[key] { return known }
            let made = Metrics.Counter(label: label, dimensions: dimensions, factory: factory)
            counters[key] = made
            return made
        }
    }

    private func gauge(_ name: String, _ labels: [(String, String)], help: String) -> Prometheus.Gauge {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(namespace: "flowd", metricName: name, unitName: "", helpText: help),
            labels: labels)
    }

    /// The text exposition, after setting the gauges read from the store.
    func scrape(drafts: [String: [DraftState: Int]], deliveries: [String: [String: Int]]) -> [UInt8] {
        for (client, states) in drafts {
            for state in DraftState.allCases {
                gauge("drafts", [("client", client), ("state", state.rawValue)], help: "Drafts by client and state")
                    .set(to: Double(states[state] ?? 0))
            }
        }
        for (sink, states) in deliveries {
            for state in ["pending", "delivered", "skipped", "dead"] {
                gauge(
                    "deliveries", [("sink", sink), ("state", state)], help: "Outgoing notifications by sink and state"
                )
                .set(to: Double(states[state] ?? 0))
            }
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        return buffer
    }
}

/// What firing one timer showed, kept until its transaction commits.
struct TimerObservation: Sendable {
    var draft: Int64
    var lag: TimeInterval
    var review: TimeInterval?
}
