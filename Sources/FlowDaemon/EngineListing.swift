import FlowConfig
public import FlowCore
import FlowStore
import Foundation

/// `flowctl ls`: a page of the drafts in the caller's scope that pass a `DraftFilter`, newest first or most overdue
/// first; with `mine`, only those waiting on the caller.
extension Engine {
    /// How many drafts `mine` reads at a time while it looks for the caller's among them.
    static let mineBatch = 500

    /// `client` narrows the caller's scope to one client (one outside it: then nothing); `mine` keeps the drafts
    /// whose people who must act now (`Directory.mustAct`, the rule the draft view and notifications read) include
    /// the caller. Overdue drafts come in one page, most overdue first.
    public func list(
        _ filter: DraftFilter = DraftFilter(), client: String? = nil, mine: Bool = false, limit: Int,
        before: Int64? = nil, overdue: Bool = false, for actor: Actor
    ) async throws -> Paged<DraftReading> {
        let directory = configured { $0.directory }
        try Self.check(filter, in: directory)
        // The caller's scope is decided here, for every condition at once.
        let scope = scope(actor)
        let clients = client.map { scope.contains($0) ? [$0] : [] } ?? scope.only
        let now = time.now()
        var filter = filter
        var keep: (@Sendable (Draft) -> Bool)?
        if mine {
            // Nobody must act on a published or withdrawn draft: the store need not read those.
            filter.open = true
            let name = actor.user.name
            keep = { directory.mustAct($0).contains(name) }
        }
        let store = store
        if overdue {
            let drafts = try await Self.collect(limit: limit, keep: keep) { count, last in
                try await store.overdue(now: now, limit: count, after: last, clients: clients, filter: filter)
            }
            return Paged(items: drafts.map { directory.reading(of: $0, pending: [], now: now) }, next: nil)
        }
        let rows = try await Self.collect(limit: limit + 1, keep: keep) { count, last in
            try await store.drafts(filter, limit: count, before: last?.id ?? before, clients: clients)
        }
        let page = Paged(rows: rows, limit: limit, id: \.id)
        return Paged(items: page.items.map { directory.reading(of: $0, pending: [], now: now) }, next: page.next)
    }

    /// What only the configuration can say of a filter: the author is a person it names. (A channel is any name:
    /// one the channel table does not know may still be on drafts, so it only finds none.)
    static func check(_ filter: DraftFilter, in directory: Directory) throws(Refusal) {
        if let author = filter.author, directory.users[author] == nil {
            throw Refusal(.invalidRequest, "author \(quoted(author)) is nobody in the config")
        }
    }

    /// The first `limit` drafts that pass `keep`, read from `read` a batch at a time, each batch from where the last
    /// one ended (`read` is given the count and the last draft read), until enough pass or none are left. Without
    /// `keep`, one read of `limit`.
    private static func collect(
        limit: Int, keep: (@Sendable (Draft) -> Bool)?, _ read: (Int, Draft?) async throws -> [Draft]
    ) async throws -> [Draft] {
        guard let keep else { return try await read(limit, nil) }
        var kept: [Draft] = []
        var last: Draft?
        while kept.count < limit {
            let batch = try await read(mineBatch, last)
            kept += batch.filter(keep)
            guard batch.count == mineBatch else { break }
            last = batch.last
        }
        return Array(kept.prefix(limit))
    }
}
