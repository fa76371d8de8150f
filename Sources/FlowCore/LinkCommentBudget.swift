public import Foundation

/// How much one review link may comment: a link is one person's, but anyone holding it could post without end,
/// each comment a durable write and a longer page for every later visitor. So at most `perMinute` comments in any
/// window of `window` seconds (then 429 with `Retry-After`), and at most `perRound` comments through links of one
/// person in one review round. The owner asks, then reports what it did; the clock is a parameter. A minute's
/// comments are counted the way `FailedAttempts` counts failures, per key in a window with bounded memory; here a
/// key is a link.
public struct LinkCommentBudget: Sendable {
    public static let perMinute = 10
    public static let perRound = 50
    public static let window: TimeInterval = 60
    public static let maxLinks = 10_000

    private var recent = FailedAttempts(limit: perMinute, window: window, maxAddresses: maxLinks)
    private static let kind = "link comments"

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
        guard let until = recent.refusedUntil(address: link, kind: Self.kind, now: now) else { return .allowed }
        return .tooFast(retryAfter: max(1, Int(until.timeIntervalSince(now).rounded(.up))))
    }

    /// A comment through `link` was committed.
    public mutating func posted(link: String, now: Date) {
        _ = recent.failed(address: link, kind: Self.kind, now: now)
    }
}
