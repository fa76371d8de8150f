import FlowCore
import Foundation
import Testing

@testable import FlowDaemon

/// Counters labelled per event are kept and reused: each count lands on its own series, none is lost or merged.
@Suite struct FlowMetricsTests {
    @Test func eachLabelledCountLandsOnItsOwnSeries() {
        let metrics = FlowMetrics(version: "test")
        metrics.webhook(source: "review", status: 200)
        metrics.webhook(source: "review", status: 200)
        metrics.webhook(source: "review", status: 401)
        metrics.webhook(source: "unknown", status: 404)
        metrics.deliveryAttempt(sink: "slack", verdict: .delivered)
        metrics.deliveryAttempt(sink: "slack", verdict: .delivered)
        metrics.deliveryAttempt(sink: "slack", verdict: .retry(at: Date(timeIntervalSince1970: 0)))
        let text = String(decoding: metrics.scrape(drafts: [:], deliveries: [:]), as: UTF8.self)
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            #"flowd_webhook_requests_total{source="review",status="200"} 2"#,
            #"flowd_webhook_requests_total{source="review",status="401"} 1"#,
            #"flowd_webhook_requests_total{source="unknown",status="404"} 1"#,
            #"flowd_delivery_attempts_total{sink="slack",outcome="delivered"} 2"#,
            #"flowd_delivery_attempts_total{sink="slack",outcome="retry"} 1"#,
        ] {
            #expect(lines.contains(expected), "\(expected) not in:\n\(text)")
        }
    }
}
