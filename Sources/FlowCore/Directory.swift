/// Who is who: users, clients, groups and lane policies, as the config defines them. Everything the rules
/// consult besides the draft itself; the one place that decides who belongs to which client.
public struct Directory: Sendable, Equatable {
    public var clients: [String: Client]
    public var lanes: [Lane: LanePolicy]
    public var users: [String: User]
    /// Named escalation targets (`[groups]` in config).
    public var groups: [String: [String]]
    /// Whether reviewers get review links: only where the public listener has an address people can reach.
    public var reviewLinks = false
    /// The longest a review link lives; it ends sooner when the review deadline comes first.
    public var linkMaxAge = TimeSpan(seconds: 7 * 86_400)
    /// What each channel takes; `submit` refuses a post that breaks a rule of one of its channels.
    public var channels = ChannelRules.seeded
    /// How large a medium and how many on one revision (`[media]` in config).
    public var media = MediaLimits()
    /// Who is away now and who stands in: not config, but swapped in by the daemon as absences begin and end, so
    /// that who reviews is resolved through it wherever it is asked (`reviewers(of:)`).
    public var presence = Presence()
    /// The agency's name (`[agency] name`), which pages and mail are signed with; nil: they name the client only.
    public var agencyName: String?

    public init(
        clients: [String: Client], lanes: [Lane: LanePolicy] = [:], users: [User] = [], groups: [String: [String]] = [:]
    ) {
        self.clients = clients
        self.lanes = lanes
        self.users = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.groups = groups
    }

    /// Client scope (design.md §3): admins see everything; agency users every client unless their entry
    /// narrows them; company users the clients that list them as approver, backup approver or member.
    public func scope(of user: User) -> Scope {
        if user.has(.admin) { return .everything }
        switch user.side {
        case .agency: return user.clients.map(Scope.clients) ?? .everything
        case .company: return .clients(Set(clients.keys.filter { sees(user, client: $0) }))
        }
    }

    /// `scope(of: user).contains(client)` for one client, without building the scope: what the review rules ask of
    /// every listed person on every draft a list shows.
    public func sees(_ user: User, client: String) -> Bool {
        if user.has(.admin) { return true }
        switch user.side {
        case .agency: return user.clients?.contains(client) ?? true
        case .company: return clients[client]?.lists(user.name) ?? false
        }
    }

    /// True when the draft's client has left the config: then only admins may act on it.
    public func isOrphan(_ draft: Draft) -> Bool { clients[draft.client] == nil }

    /// The lane's policy as it applies to one client.
    public func policy(for lane: Lane, client: String) -> LanePolicy {
        clients[client]?.lanes[lane] ?? lanes[lane] ?? LanePolicy.defaults(for: lane)
    }

    public func clock(for lane: Lane, client: String) -> DeadlineClock {
        DeadlineClock(kind: policy(for: lane, client: client).clock, hours: clients[client]?.hours)
    }

    /// Who may publish an approved draft: publishers on the side that wrote it who work on the client.
    public func publishers(of draft: Draft) -> [String] {
        users.values.filter {
            $0.side == draft.revisionAuthorSide && $0.has(.publisher) && scope(of: $0).contains(draft.client)
        }.map(\.name).sorted()
    }

    /// Members of an escalation target for a client (`backup_approvers`, `all`, or a named group) who may see the
    /// client's drafts. Escalation never leaves the client's scope: a group member who works for another client
    /// is neither added nor told, linked or digested.
    public func members(of target: String, client: String) -> [String] {
        candidates(of: target, client: client).filter { inScope($0, client: client) }
    }

    /// The members of an escalation target that `members(of:client:)` leaves out: outside the client's scope.
    public func outsideScope(of target: String, client: String) -> [String] {
        candidates(of: target, client: client).filter { !inScope($0, client: client) }
    }

    private func candidates(of target: String, client: String) -> [String] {
        let client = clients[client]
        switch target {
        case "backup_approvers": return client?.backupApprovers ?? []
        case "all":
            var names = (client?.approvers ?? []) + (client?.backupApprovers ?? [])
            for group in groups.keys.sorted() { names += groups[group] ?? [] }
            var seen: Set<String> = []
            return names.filter { seen.insert($0).inserted }
        default: return groups[target] ?? []
        }
    }

    private func inScope(_ name: String, client: String) -> Bool {
        users[name].map { scope(of: $0).contains(client) } ?? false
    }
}
