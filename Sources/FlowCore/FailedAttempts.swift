public import Foundation

/// The public listener's memory of failed attempts (webhooks whose signature does not verify, review links
/// that do not exist): a state machine in the manner of Hummingbird's connection state machines (a value;
/// events return what the owner should do; the clock is a parameter).
///
/// Two rules. An address that failed `limit` times within `window` is refused, before any HMAC or lookup
/// work, until that window ends. And the log lines are summarised: at most one per kind (a webhook source,
/// review links) per `window`, carrying how many failures it stands for, so that an unauthenticated sender
/// can flood neither the listener nor the journal. Memory is bounded by `maxAddresses`.
public struct FailedAttempts: Sendable {
    public var limit: Int
    public var window: TimeInterval
    public var maxAddresses: Int

    struct Tally {
        var since: Date
        var count: Int
    }

    private var addresses: [String: Tally] = [:]
    private var lines: [String: Tally] = [:]

    public init(limit: Int = 30, window: TimeInterval = 60, maxAddresses: Int = 10_000) {
        self.limit = limit
        self.window = window
        self.maxAddresses = maxAddresses
    }

    /// Addresses remembered now; never more than `maxAddresses`.
    public var trackedAddresses: Int { addresses.count }

    /// Before verifying: the time until which `address` is refused, or nil to go ahead.
    public func refusedUntil(address: String, now: Date) -> Date? {
        guard let tally = addresses[address], tally.count >= limit else { return nil }
        let end = tally.since.addingTimeInterval(window)
        return end > now ? end : nil
    }

    /// What to log for a failure: nothing, or one line that stands for `count` failures of its kind.
    public enum LogAction: Sendable, Equatable {
        case suppress
        case log(count: Int)
    }

    /// A request from `address` failed; `kind` groups the log lines.
    public mutating func failed(address: String, kind: String, now: Date) -> LogAction {
        if addresses[address] == nil && addresses.count >= maxAddresses { prune(now: now) }
        var tally = addresses[address].flatMap { now.timeIntervalSince($0.since) < window ? $0 : nil }
        if tally == nil && addresses.count < maxAddresses { tally = Tally(since: now, count: 0) }
        if var tally {
            tally.count += 1
            addresses[address] = tally
        }
        // One line per kind per window: the first failure is logged at once, the rest are counted and
        // reported by the first line of a later window.
        if var line = lines[kind], now.timeIntervalSince(line.since) < window {
            line.count += 1
            lines[kind] = line
            return .suppress
        }
        let pending = lines[kind]?.count ?? 0
        lines[kind] = Tally(since: now, count: 0)
        return .log(count: pending + 1)
    }

    /// Forgets addresses whose window has ended.
    private mutating func prune(now: Date) {
        addresses = addresses.filter { now.timeIntervalSince($0.value.since) < window }
    }
}
