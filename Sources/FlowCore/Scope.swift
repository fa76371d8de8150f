/// Which clients' drafts a person may see and act on. Decided only by `Directory.scope(of:)`; every list,
/// report, stream and page filters with it, and a draft outside it answers like one that does not exist.
public enum Scope: Sendable, Equatable {
    /// Every client, including drafts whose client has left the config.
    case everything
    case clients(Set<String>)

    public func contains(_ client: String) -> Bool {
        switch self {
        case .everything: true
        case .clients(let set): set.contains(client)
        }
    }

    /// The clients to filter a query by; nil means no filter.
    public var only: Set<String>? {
        switch self {
        case .everything: nil
        case .clients(let set): set
        }
    }
}
