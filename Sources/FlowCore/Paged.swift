/// One page of a listing, and where the next page starts (nil on the last page): the id to pass as `before`
/// for drafts and deliveries, newest first, or as `after` for a draft's history, oldest first.
public struct Paged<Item> {
    public var items: [Item]
    public var next: Int64?

    public init(items: [Item], next: Int64?) {
        self.items = items
        self.next = next
    }

    /// A page of a listing read with `limit + 1` rows: the extra row only says there is a next page, which starts
    /// past the page's last id.
    public init(rows: [Item], limit: Int, id: (Item) -> Int64) {
        items = Array(rows.prefix(limit))
        next = rows.count > limit ? items.last.map(id) : nil
    }
}

extension Paged: Sendable where Item: Sendable {}
