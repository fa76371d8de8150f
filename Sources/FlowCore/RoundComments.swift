import Foundation

/// A review round's comments as a page shows them: the newest, oldest first, and how many came before them.
public struct RoundComments: Sendable, Equatable {
    public var newest: [Event]
    public var earlier: Int

    public init(newest: [Event], earlier: Int) {
        self.newest = newest
        self.earlier = earlier
    }

    /// The calendar's preview shows the post and its facts, never the discussion.
    public static let none = RoundComments(newest: [], earlier: 0)
}
