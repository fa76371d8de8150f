public import FlowCore
public import Foundation

/// A person's inbox: everything waiting for their decision, soonest deadline first, each opening its review page.
/// The same scope as everything else the person sees; built from drafts the engine chose for them.
public struct InboxPage: Sendable {
    public struct Item: Sendable {
        public var title: String
        public var client: String
        public var channels: String
        /// When the decision is due, as the person reads it; nil without a deadline.
        public var due: String?
        /// "goes out … unless someone objects", for a draft in an objection window.
        public var objection: String?
        /// The review page, relative to the inbox's address; nil when the person has no live link for it.
        public var link: String?
        public var noLink: Bool
    }

    public var lang: String
    public var text: PageText
    public var heading: String
    public var items: [Item]
    public var hasItems: Bool
    public var agency: String?

    /// `links` are review links' tokens by draft id.
    public static func make(
        drafts: [Draft], links: [Int64: String], reader: String, directory: Directory, language: PageLanguage,
        now: Date
    ) -> InboxPage {
        let text = PageText.of(language)
        let sorted = drafts.sorted {
            ($0.dueAt ?? .distantFuture, $0.id) < ($1.dueAt ?? .distantFuture, $1.id)
        }
        let items = sorted.map { draft -> Item in
            let zone = directory.clients[draft.client]?.timeZone
            let due = draft.dueAt.map { SpokenTime.format($0, in: zone, language: language, now: now) }
            let link = links[draft.id].map { "../r/" + $0 }
            return Item(
                title: draft.content.title, client: directory.clients[draft.client]?.name ?? draft.client,
                channels: directory.channels.displayNames(of: draft.content.channels),
                due: draft.reviewMode == .normal ? due : nil,
                objection: draft.reviewMode == .normal
                    ? nil : due.map { text.inboxObjection.replacingOccurrences(of: "%@", with: $0) },
                link: link, noLink: link == nil)
        }
        return InboxPage(
            lang: language.rawValue, text: text,
            heading: text.inboxHeading.replacingOccurrences(of: "%@", with: displayName(reader)), items: items,
            hasItems: !items.isEmpty, agency: directory.agencyName)
    }
}
