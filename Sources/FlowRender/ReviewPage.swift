public import FlowCore
public import Foundation

/// What the review page shows: the post exactly as it is bound by its hash, in the client's time zone and the
/// reader's language. Built here so that a test can check every line without a server or a template.
public struct ReviewPage: Sendable {
    public struct Line: Sendable, Equatable {
        public var who: String
        public var when: String
        public var text: String
    }

    public struct Option: Sendable, Equatable {
        public var value: String
        public var label: String
    }

    public var lang: String
    public var text: PageText
    public var reviewer: String
    public var client: String
    public var title: String
    /// Shown with its whitespace kept; the template escapes it like every other value.
    public var body: String
    public var channels: String
    /// The revision's pictures and videos in their order, and the post in each channel's feed.
    public var media: [ShownMedium] = []
    public var hasMedia = false
    public var feeds: [ShownFeed] = []
    public var hasFeeds = false
    /// The stylesheet that gives each feed's frame its ratio, made of whole numbers only; nil without media. The
    /// page's `Content-Security-Policy` allows it by its hash.
    public var frameStyle: String?
    public var revision: Int
    public var publishAt: String?
    public var deadline: String?
    public var next: String?
    /// The round's newest comments, oldest first; `earlierComments` says how many older ones the page leaves out.
    public var comments: [Line]
    public var hasComments: Bool
    public var earlierComments: String?
    public var stillToApprove: String?
    /// Promises the reader may still give, within what the lane's bound leaves of this round.
    public var acknowledgeOptions: [Option]
    public var canAcknowledge: Bool
    /// A company approver may say from the page that they are away: back on a day from `awayFrom` on, with one of
    /// `standIns` reviewing meanwhile, or nobody.
    public var canGoAway = false
    public var awayFrom = ""
    public var standIns: [Option] = []
    /// The client's running crisis, shown above the post.
    public var crisis: String?
    /// The agency's name, which the page is signed with (`[agency] name`).
    public var agency: String?
    /// Under the buttons: what approving leads to, and what asking for changes does.
    public var afterApprove: String?
    public var afterChanges: String?
    /// What changed since the revision the reader last had; nil on the first they are asked about.
    public var sinceSeen: SinceSeen?
    /// The earlier rounds' comments and requests for changes, folded under `earlierRoundsSummary`.
    public var earlierRounds: [Line] = []
    public var earlierRoundsSummary: String?
    /// In an objection window (earned autonomy): "Goes out Wed 9 Dec, 16:30 CET unless you object", in place of a
    /// deadline and a next step that would say the same less plainly.
    public var objection: String?
    /// The reader's inbox, relative to the page, when they have a live inbox link.
    public var inbox: String?
    /// False for a preview from the calendar feed: the post and its facts, no forms.
    public var interactive = true
    /// The anti-forgery token of this rendering; the shell fills it in.
    public var csrf = ""
    /// A problem with what was sent (a request for changes without a reason), shown above the forms.
    public var error: String?
    /// What the reader typed, given back with the error.
    public var reason = ""

    /// How many of a round's comments a page shows: the newest, read with a limit, never the whole history.
    public static let shownComments = 20

    /// The page for `link`'s reader on `draft`, which must be in review at the link's revision. `comments` are the
    /// round's newest (`shownComments` at most, as the store reads them); the calendar's preview shows none.
    public static func make(
        draft: Draft, for reader: String, directory: Directory, comments round: RoundComments,
        pending: [PendingTimer], language: PageLanguage, now: Date, history: ReviewHistory = .none
    ) -> ReviewPage {
        let text = PageText.of(language)
        let zone = directory.clients[draft.client]?.timeZone
        func local(_ date: Date) -> String { SpokenTime.format(date, in: zone, language: language, now: now) }
        let involvement = directory.involvement(of: draft, pending: pending, after: now)
        let next = involvement.next.map { upcoming -> String in
            // The end of an objection window involves nobody to name: it is the post going out.
            let whom = upcoming.kind == .objectionEnds ? "" : upcoming.involves.map(displayName).joined(separator: ", ")
            return "\(local(upcoming.at)): \(text.name(of: upcoming.kind))\(whom.isEmpty ? "" : " \(whom)")"
        }
        let comments = round.newest.map {
            Line(who: displayName($0.actor), when: local($0.at), text: $0.message ?? "")
        }
        let policy = directory.policy(for: draft.lane, client: draft.client)
        let given = draft.currentApprovals.map(\.user)
        let missing = max(0, policy.requiredApprovals - given.count)
        let waiting = involvement.reviewers.filter { !given.contains($0) }
        let still =
            missing == 0 ? nil : "\(missing) · " + waiting.map(displayName).joined(separator: ", ")
        let left = max(0, policy.maxAcknowledge.timeInterval - draft.acknowledgedSeconds)
        let paused = max(now, draft.acknowledgedUntil ?? now)
        // A promise to decide later does not hold back an objection window (`Change.acknowledge` refuses it).
        let promises = draft.reviewMode == .normal ? [1, 2, 4, 8, 24, 48] : []
        let options = promises.compactMap { hours -> Option? in
            let until = now.addingTimeInterval(Double(hours) * 3600)
            guard until.timeIntervalSince(paused) <= left else { return nil }
            return Option(value: "\(hours)", label: local(until))
        }
        var page = ReviewPage(
            lang: language.rawValue, text: text, reviewer: displayName(reader),
            client: directory.clients[draft.client]?.name ?? draft.client, title: draft.content.title,
            body: draft.content.body,
            channels: directory.channels.displayNames(of: draft.content.channels),
            revision: draft.revision, publishAt: draft.content.publishAt.map(local), deadline: draft.dueAt.map(local),
            next: next, comments: comments, hasComments: !comments.isEmpty,
            earlierComments: round.earlier > 0
                ? text.earlierComments.replacingOccurrences(of: "%@", with: "\(round.earlier)") : nil,
            stillToApprove: still, acknowledgeOptions: options, canAcknowledge: !options.isEmpty)
        (page.media, page.feeds, page.frameStyle) = media(of: draft, directory: directory, text: text)
        page.hasMedia = !page.media.isEmpty
        page.hasFeeds = !page.feeds.isEmpty
        page.agency = directory.agencyName
        if draft.reviewMode != .normal, let ends = draft.dueAt {
            page.objection = text.inboxObjection.replacingOccurrences(of: "%@", with: local(ends))
            page.deadline = nil
            page.next = nil
        }
        page.tell(
            history, draft: draft, reader: reader, directory: directory, missing: missing, waiting: waiting,
            local: local)
        if let user = directory.users[reader], user.side == .company, user.has(.approver) {
            page.canGoAway = true
            page.awayFrom = LocalDate.text(of: now.addingTimeInterval(86_400), in: zone ?? TimeZone(identifier: "UTC")!)
            page.standIns = directory.standInCandidates(for: reader).map { Option(value: $0, label: displayName($0)) }
        }
        return page
    }

}
