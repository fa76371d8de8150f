/// Which notification sinks a person may look at (`flowctl status`, `flowctl deliveries --sink`), and be told
/// about in an error. A sink's name can name a client ("globex-teams"), and its counts tell how busy a client is.
extension Scope {
    /// A sink belongs to the clients of its `clients` filter; one without a filter is the agency's, carrying every
    /// client's notifications. Those who see every client see every sink. An agency user narrowed to some clients
    /// sees the sinks that may carry their clients' notifications: the agency's, and those whose filter names one
    /// of theirs (their own rows in `flowctl deliveries` name these sinks anyway); the caller shows them counts of
    /// those clients' rows only. Company-side users see none: sinks are the agency's plumbing.
    public func shows(sinkFor sinkClients: Set<String>?, side: Side) -> Bool {
        switch self {
        case .everything: return true
        case .clients(let mine):
            guard side == .agency else { return false }
            return sinkClients.map { !$0.isDisjoint(with: mine) } ?? true
        }
    }
}
