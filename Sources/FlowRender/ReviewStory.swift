public import FlowCore
import Foundation

/// What a reader needs besides the post itself: the revision they last had and the earlier rounds' conversation,
/// as the store read them for this page.
public struct ReviewHistory: Sendable {
    public var seen: SeenRevision?
    public var earlier: [Event]

    public init(seen: SeenRevision?, earlier: [Event]) {
        self.seen = seen
        self.earlier = earlier
    }

    public static let none = ReviewHistory(seen: nil, earlier: [])
}

/// What changed since the revision the reader saw: the text word by word, the title if it changed, and the
/// changes that were asked of it.
public struct SinceSeen: Sendable {
    public struct Piece: Sendable {
        public var text: String
        public var removed: Bool
        public var added: Bool
    }

    public var heading: String
    public var asked: [ReviewPage.Line]
    public var hasAsked: Bool
    public var pieces: [Piece]
    public var titleBefore: String?
}

extension ReviewPage {
    /// The story around the decision: what changed since the reader's last revision, the earlier rounds folded,
    /// and what each choice leads to.
    mutating func tell(
        _ history: ReviewHistory, draft: Draft, reader: String, directory: Directory, missing: Int,
        waiting: [String], local: (Date) -> String
    ) {
        if let seen = history.seen, seen.revision < draft.revision {
            let asked = seen.asked.map {
                Line(who: displayName($0.actor), when: local($0.at), text: $0.message ?? "")
            }
            sinceSeen = SinceSeen(
                heading: text.changedSince.replacingOccurrences(of: "%@", with: "\(seen.revision)"), asked: asked,
                hasAsked: !asked.isEmpty,
                // A line end typed or not at the very end is no change a reader could see.
                pieces: WordDiff.pieces(
                    from: seen.body.trimmingTrailingWhitespace, to: draft.content.body.trimmingTrailingWhitespace
                ).map {
                    SinceSeen.Piece(text: $0.text, removed: $0.kind == .removed, added: $0.kind == .added)
                },
                titleBefore: seen.title == draft.content.title ? nil : seen.title)
        }
        earlierRounds = history.earlier.map {
            Line(who: displayName($0.actor), when: local($0.at), text: $0.message ?? "")
        }
        if !earlierRounds.isEmpty {
            earlierRoundsSummary = text.earlierRounds.replacingOccurrences(of: "%@", with: "\(earlierRounds.count)")
        }
        let publisher = Self.publisher(of: draft, in: directory) ?? text.theAgency
        let others = waiting.filter { $0 != reader }
        if missing > 1 {
            let names = others.map(displayName).joined(separator: ", ")
            afterApprove = text.thenNeeds.replacingOccurrences(
                of: "%@", with: "\(missing - 1)" + (names.isEmpty ? "" : " · " + names))
        } else if let at = draft.content.publishAt {
            afterApprove = text.thenPublishesAt.replacingOccurrences(of: "%1$@", with: publisher)
                .replacingOccurrences(of: "%2$@", with: local(at))
        } else {
            afterApprove = text.thenPublishes.replacingOccurrences(of: "%@", with: publisher)
        }
        let author = draft.revisionAuthor.isEmpty ? text.theAgency : displayName(draft.revisionAuthor)
        afterChanges = text.thenChanges.replacingOccurrences(of: "%@", with: author)
    }

    /// The one person who publishes for the draft's client, when there is exactly one besides the admins (who
    /// can do everything and are not the one a client expects to hear of).
    static func publisher(of draft: Draft, in directory: Directory) -> String? {
        let publishers = directory.publishers(of: draft).filter { directory.users[$0]?.has(.admin) == false }
        return publishers.count == 1 ? displayName(publishers[0]) : nil
    }
}

extension String {
    fileprivate var trimmingTrailingWhitespace: String {
        var text = Substring(self)
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
