import Foundation

/// Who may take an action, as a rule a reader can check against design.md §3's "who" column. Every
/// permission also needs the draft's client in the actor's scope (`Directory.scope(of:)`), checked before it.
public enum Permission: Sendable, Equatable, CustomStringConvertible {
    /// Holds the role (author, publisher) and works on the draft's client.
    case role(Role)
    /// An approver on the side that did not write the revision, who is not one of the people who wrote it
    /// (in their own name or as another); on the company side, listed for the client or added by escalation.
    case reviewer
    /// The person who created the draft, or an admin.
    case authorOfDraftOrAdmin
    /// Anyone who may see the draft.
    case anyoneInScope

    public var description: String {
        switch self {
        case .role(let role): "\(role.rawValue) in the client's scope"
        case .reviewer: "approver on the reviewing side, not the author of the revision"
        case .authorOfDraftOrAdmin: "the draft's author or admin"
        case .anyoneInScope: "anyone in the client's scope"
        }
    }
}

/// Where an action leads.
public enum Target: Sendable, Equatable {
    case state(DraftState)
    /// The draft stays where it is.
    case same
    /// Stays in review until the lane's required approvals are met, then approved.
    case approvedWhenEnough
}

/// One row of the state table: in these states, this action leads there, for these people.
public struct TableRow: Sendable, Equatable {
    /// nil stands for "no draft yet" (create).
    public var from: [DraftState?]
    public var action: Action
    public var to: Target
    public var who: Permission

    public init(from: [DraftState?], _ action: Action, to: Target, who: Permission) {
        self.from = from
        self.action = action
        self.to = to
        self.who = who
    }
}

/// design.md §3's table of states and actions, as data. `Workflow.decide` reads it; nothing else decides
/// which action is allowed where and who may take it.
public enum StateTable {
    public static let rows: [TableRow] = [
        TableRow(from: [nil], .create, to: .state(.draft), who: .role(.author)),
        TableRow(from: [.draft], .edit, to: .same, who: .role(.author)),
        TableRow(from: [.draft], .submit, to: .state(.review), who: .role(.author)),
        TableRow(from: [.review], .approve, to: .approvedWhenEnough, who: .reviewer),
        TableRow(from: [.review], .requestChanges, to: .state(.draft), who: .reviewer),
        TableRow(from: [.review], .acknowledge, to: .same, who: .reviewer),
        TableRow(from: [.approved], .publish, to: .state(.published), who: .role(.publisher)),
        TableRow(from: [.approved], .edit, to: .state(.draft), who: .role(.author)),
        TableRow(from: [.draft, .review, .approved], .withdraw, to: .state(.withdrawn), who: .authorOfDraftOrAdmin),
        TableRow(from: DraftState.allCases, .comment, to: .same, who: .anyoneInScope),
    ]

    /// The row for an action in a state (nil state: no draft yet).
    public static func row(_ state: DraftState?, _ action: Action) -> TableRow? {
        rows.first { $0.action == action && $0.from.contains(state) }
    }

    /// Actions allowed in a state, in the order the table lists them.
    public static func allowedActions(in state: DraftState) -> [Action] {
        var out: [Action] = []
        for row in rows where row.from.contains(state) && !out.contains(row.action) { out.append(row.action) }
        return out
    }
}

extension Directory {
    /// Scope first: a draft outside it answers exactly like one that does not exist; a draft whose client left the
    /// config is for admins only. Checked before any permission.
    func checkReach(_ draft: Draft, by actor: Actor) throws(Refusal) {
        guard scope(of: actor.user).contains(draft.client) else {
            throw Refusal(.notFound, "no draft \(draft.id)")
        }
        guard !isOrphan(draft) || actor.user.has(.admin) else {
            throw Refusal(
                .forbidden,
                "draft \(draft.id) belongs to client \(draft.client), which is not in the config: only an admin may "
                    + "act on it")
        }
    }

    /// Checks a permission for an actor whose scope holds the draft's client; the refusal names the rule that
    /// refused. `draft` is nil for create; `now` is when, for the times a refusal names.
    func authorize(_ actor: Actor, _ who: Permission, for action: Action, draft: Draft?, now: Date)
        throws(Refusal)
    {
        let user = actor.user
        switch who {
        case .role(let role):
            guard user.has(role) else {
                throw Refusal(.forbidden, "\(user.name) lacks role \(role.rawValue), which \(action.rawValue) needs")
            }
        case .reviewer:
            guard let draft else { return }
            try checkReviewer(actor, on: draft, for: action, now: now)
        case .authorOfDraftOrAdmin:
            guard user.has(.admin) || user.name == draft?.author else {
                throw Refusal(
                    .forbidden,
                    "\(user.name) may not \(action.rawValue) draft \(draft?.id ?? 0): only its author "
                        + "\(draft?.author ?? "") or an admin may")
            }
        case .anyoneInScope:
            return
        }
    }
}
