public import Foundation

/// The public listener's memory of failed attempts (webhooks whose signature does not verify, review links
/// that do not exist): a state machine in the manner of Hummingbird's connection state machines (a value;
/// events return what the owner should do; the clock is a parameter).
///
/// Two rules. An address that failed `limit` times within `window` at one kind (a webhook source, or review
/// links) is refused at that kind, before any HMAC or lookup work, until that window ends; its standing with
/// other kinds is its own, so a sender that keeps failing at one source locks nobody out of another. And the log
/// lines are summarised: at most one per kind per `window`, carrying how many failures it stands for, so that an
/// unauthenticated sender can flood neither the listener nor the journal. Memory is bounded by `maxAddresses`
/// (pairs of kind and address).
public struct FailedAttempts: Sendable {
    public var limit: Int
    public var window: TimeInterval
    public var maxAddresses: Int

    struct Tally {
        var since: Date
        var count: Int
    }

    struct Key: Hashable {
        var kind: String
        var address: String
    }

    /// The kind of the review pages and calendar feeds: guessing a link or a feed counts the same.
    public static let reviewLinks = "review links"

    /// The kind of one webhook source.
    public static func webhook(_ source: String) -> String { "hooks/" + source }

    private var addresses: [Key: Tally] = [:]
    private var lines: [String: Tally] = [:]

    public init(limit: Int = 30, window: TimeInterval = 60, maxAddresses: Int = 10_000) {
        self.limit = limit
        self.window = window
        self.maxAddresses = maxAddresses
    }

    /// Pairs of kind and address remembered now; never more than `maxAddresses`.
    public var trackedAddresses: Int { addresses.count }

    /// Before verifying: the time until which `address` is refused at `kind`, or nil to go ahead.
    public func refusedUntil(address: String, kind: String, now: Date) -> Date? {
        // Nothing failed lately, the usual case: no key to build and hash.
        guard !addresses.isEmpty, let tally = addresses[Key(kind: kind, address: address)], tally.count >= limit
        else { return nil }
        let end = tally.since.addingTimeInterval(window)
        return end > now ? end : nil
    }

    /// What to log for a failure: nothing, or one line that stands for `count` failures of its kind.
    public enum LogAction: Sendable, Equatable {
        case suppress
        case log(count: Int)
    }

    /// A request from `address` failed at `kind`, which also groups the log lines.
    public mutating func failed(address: String, kind: String, now: Date) -> LogAction {
        let key = Key(kind: kind, address: address)
        if addresses[key] == nil && addresses.count >= maxAddresses { prune(now: now) }
        var tally = addresses[key].flatMap { now.timeIntervalSince($0.since) < window ? $0 : nil }
        if tally == nil && addresses.count < maxAddresses { tally = Tally(since: now, count: 0) }
        if var tally {
            tally.count += 1
            addresses[key] = tally
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
