public import Foundation

/// What one delivery attempt's HTTP answer means for the outbox row.
public enum AttemptVerdict: Sendable, Equatable {
    /// 2xx: delivered.
    case delivered
    /// 410: the receiver is gone for good; the sink is disabled.
    case sinkGone
    /// Try again no earlier than this.
    case retry(at: Date)
    /// Attempts or age ran out.
    case deadLetter(reason: String)
}

/// Retry rules for outgoing notifications: exponential backoff with full jitter, `Retry-After` honoured on 429
/// and 503, redirects count as failures, dead-letter after a number of attempts or an age.
public struct DeliveryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var maxAge: TimeSpan
    /// Seconds; fractions allowed, so tests and local sinks can retry within milliseconds.
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval

    public init(
        maxAttempts: Int = 8, maxAge: TimeSpan = TimeSpan(seconds: 86_400), baseDelay: TimeInterval = 5,
        maxDelay: TimeInterval = 3_600
    ) {
        self.maxAttempts = maxAttempts
        self.maxAge = maxAge
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The cap of the wait after the `attempt`-th failure (1-based): base · 2^(attempt-1), at most maxDelay.
    public func ceiling(afterAttempt attempt: Int) -> TimeInterval {
        let exponent = min(max(attempt - 1, 0), 40)
        return min(maxDelay, baseDelay * pow(2, Double(exponent)))
    }

    /// Judges one attempt. `status` is nil when no HTTP answer came (connection error, timeout, or a command
    /// sink that failed); `unit` is a random number in [0, 1) for the jitter, injected so tests are exact.
    public func judge(
        status: Int?, retryAfter: String?, attempt: Int, firstAttemptAt: Date, now: Date, unit: Double
    ) -> AttemptVerdict {
        if let status, (200..<300).contains(status) { return .delivered }
        if status == 410 { return .sinkGone }
        if attempt >= maxAttempts {
            return .deadLetter(reason: "\(attempt) attempts failed, the last with \(describe(status))")
        }
        var wait = ceiling(afterAttempt: attempt) * min(max(unit, 0), 1)
        if let status, status == 429 || status == 503, let asked = Self.parseRetryAfter(retryAfter, now: now) {
            // The receiver's own word wins over our jitter, but not beyond the longest wait we allow.
            wait = min(max(asked, 0), maxDelay)
        }
        let next = now.addingTimeInterval(wait)
        if next.timeIntervalSince(firstAttemptAt) > maxAge.timeInterval {
            return .deadLetter(reason: "no success within \(maxAge), the last attempt with \(describe(status))")
        }
        return .retry(at: next)
    }

    private func describe(_ status: Int?) -> String {
        guard let status else { return "no answer" }
        return (300..<400).contains(status) ? "HTTP \(status) (redirects are not followed)" : "HTTP \(status)"
    }

    /// `Retry-After` as delay-seconds or an HTTP date (IMF-fixdate), as seconds from `now`.
    public static func parseRetryAfter(_ value: String?, now: Date) -> TimeInterval? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), value.utf8.count <= 9, let seconds = Int(value) {
            return TimeInterval(seconds)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        guard let date = formatter.date(from: value) else { return nil }
        return date.timeIntervalSince(now)
    }
}
