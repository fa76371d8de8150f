public import Foundation

/// How much one review link may comment: a link is one person's, but anyone holding it could post without end,
/// each comment a durable write and a longer page for every later visitor. So at most `perMinute` comments in any
/// window of `window` seconds (then 429 with `Retry-After`), and at most `perRound` comments through links of one
/// person in one review round. A value in the manner of `FailedAttempts`: the owner asks, then reports what it
/// did; the clock is a parameter; memory is bounded by `maxLinks`.
public struct LinkCommentBudget: Sendable {
    public static let perMinute = 10
    public static let perRound = 50
    public static let window: TimeInterval = 60
    public static let maxLinks = 10_000

    struct Tally {
        var since: Date
        var count: Int
    }

    private var links: [String: Tally] = [:]

    public init() {}

    public enum Verdict: Sendable, Equatable {
        case allowed
        /// Too many this minute: come back after this many seconds.
        case tooFast(retryAfter: Int)
        /// This round's comments through the person's links are used up.
        case roundFull
    }

    /// Whether a comment through `link` may go ahead, with `postedThisRound` comments already made through the link's
    /// person's links in this round.
    public func judge(link: String, postedThisRound: Int, now: Date) -> Verdict {
        if postedThisRound >= Self.perRound { return .roundFull }
        guard let tally = links[link], now.timeIntervalSince(tally.since) < Self.window,
            tally.count >= Self.perMinute
        else { return .allowed }
        return .tooFast(retryAfter: max(1, Int((Self.window - now.timeIntervalSince(tally.since)).rounded(.up))))
    }

    /// A comment through `link` was committed.
    public mutating func posted(link: String, now: Date) {
        if links[link] == nil && links.count >= Self.maxLinks {
            links = links.filter { now.timeIntervalSince($0.value.since) < Self.window }
        }
        guard var tally = links[link], now.timeIntervalSince(tally.since) < Self.window else {
            if links.count < Self.maxLinks { links[link] = Tally(since: now, count: 1) }
            return
        }
        tally.count += 1
        links[link] = tally
    }
}
