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
        guard let date = parseIMFFixdate(value) else { return nil }
        return date.timeIntervalSince(now)
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`, by hand: Foundation's DateFormatter leaks on some malformed inputs
    /// (found by fuzzing), and a sink's header is exactly such input.
    static func parseIMFFixdate(_ text: String) -> Date? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let days = ["Mon,", "Tue,", "Wed,", "Thu,", "Fri,", "Sat,", "Sun,"]
        guard parts.count == 6, days.contains(String(parts[0])), parts[5] == "GMT", parts[1].count == 2,
            parts[3].count == 4, let day = Int(parts[1]), let year = Int(parts[3]),
            let month = months.firstIndex(of: String(parts[2])), (1...31).contains(day), year >= 1970
        else { return nil }
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }), let hour = Int(clock[0]),
            let minute = Int(clock[1]), let second = Int(clock[2]), hour < 24, minute < 60, second < 61
        else { return nil }
        var fields = tm()
        fields.tm_year = Int32(year - 1900)
        fields.tm_mon = Int32(month)
        fields.tm_mday = Int32(day)
        fields.tm_hour = Int32(hour)
        fields.tm_min = Int32(minute)
        fields.tm_sec = Int32(second)
        return Date(timeIntervalSince1970: Double(timegm(&fields)))
    }
}
