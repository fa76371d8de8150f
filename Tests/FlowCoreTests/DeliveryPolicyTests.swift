import FlowCore
import Foundation
import Testing

@Suite struct DeliveryPolicyTests {
    let policy = DeliveryPolicy(
        maxAttempts: 5, maxAge: TimeSpan("1h")!, baseDelay: 10, maxDelay: 120)
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    func judge(_ status: Int?, attempt: Int, retryAfter: String? = nil, after seconds: Double = 0, unit: Double = 0.5)
        -> AttemptVerdict
    {
        policy.judge(
            status: status, retryAfter: retryAfter, attempt: attempt, firstAttemptAt: start,
            now: start.addingTimeInterval(seconds), unit: unit)
    }

    @Test func successAndGoneAreFinal() {
        #expect(judge(200, attempt: 1) == .delivered)
        #expect(judge(204, attempt: 3) == .delivered)
        #expect(judge(410, attempt: 1) == .sinkGone)
    }

    @Test func backoffDoublesUpToTheCapWithFullJitter() {
        #expect(policy.ceiling(afterAttempt: 1) == 10)
        #expect(policy.ceiling(afterAttempt: 2) == 20)
        #expect(policy.ceiling(afterAttempt: 3) == 40)
        #expect(policy.ceiling(afterAttempt: 4) == 80)
        #expect(policy.ceiling(afterAttempt: 5) == 120)
        #expect(policy.ceiling(afterAttempt: 60) == 120)
        // Full jitter: anywhere from 0 to the ceiling, chosen by the injected unit.
        #expect(judge(500, attempt: 2, unit: 0) == .retry(at: start))
        #expect(judge(500, attempt: 2, unit: 0.5) == .retry(at: start.addingTimeInterval(10)))
        #expect(judge(500, attempt: 2, unit: 0.999) == .retry(at: start.addingTimeInterval(19.98)))
    }

    @Test func redirectsAndSilenceAreFailures() {
        #expect(judge(302, attempt: 1) == .retry(at: start.addingTimeInterval(5)))
        #expect(judge(nil, attempt: 1) == .retry(at: start.addingTimeInterval(5)))
        guard case .deadLetter(let reason) = judge(301, attempt: 5) else {
            Issue.record("expected a dead letter")
            return
        }
        #expect(reason.contains("redirects are not followed"))
    }

    @Test func retryAfterIsHonouredOn429And503Only() {
        #expect(judge(429, attempt: 1, retryAfter: "30") == .retry(at: start.addingTimeInterval(30)))
        #expect(judge(503, attempt: 1, retryAfter: "7") == .retry(at: start.addingTimeInterval(7)))
        #expect(judge(500, attempt: 1, retryAfter: "30") == .retry(at: start.addingTimeInterval(5)))
        // Bounded by the longest wait we allow.
        #expect(judge(429, attempt: 1, retryAfter: "86400") == .retry(at: start.addingTimeInterval(120)))
        // An HTTP date.
        #expect(
            judge(503, attempt: 1, retryAfter: "Mon, 21 Sep 2026 14:14:20 GMT")
                == .retry(at: Date(timeIntervalSince1970: 1_790_000_060)))
        // Garbage falls back to the backoff.
        #expect(judge(429, attempt: 1, retryAfter: "soon") == .retry(at: start.addingTimeInterval(5)))
        for bad in [
            "Mon, 21 Sep 2026 14:14:20 UTC", "Mon, 32 Sep 2026 14:14:20 GMT", "Mon, 21 Sept 2026 14:14:20 GMT",
            "Mon, 21 Sep 2026 24:14:20 GMT", "Mon,21 Sep 2026 14:14:20 GMT", "1\u{0}C8-S\u{0}a115314p618ad=x", "-5",
        ] {
            #expect(DeliveryPolicy.parseRetryAfter(bad, now: start) == nil, "\(bad)")
        }
    }

    @Test func deadLetterAfterAttemptsOrAge() {
        guard case .deadLetter = judge(500, attempt: 5) else {
            Issue.record("five failed attempts should dead-letter")
            return
        }
        guard case .deadLetter(let reason) = judge(500, attempt: 2, after: 3590, unit: 0.9) else {
            Issue.record("an attempt past the age should dead-letter")
            return
        }
        #expect(reason.contains("1h"))
    }
}
