/// What an entry of a draft's history records. The raw values are the text stored in the events table and
/// sent on the wire, so they never change; code compares cases, never strings.
public enum EventKind: String, Codable, Sendable, CaseIterable {
    // What people (and webhooks) do: one per action of the state table.
    case create, edit, submit, approve
    case requestChanges = "request-changes"
    case publish, withdraw, comment, acknowledge
    // What the escalator does when a timer fires.
    case remind, warn, escalate
    case autoApprove = "auto-approve"
    case returnToDraft = "return"
    case deadlineMissed = "deadline-missed"
    /// A config reload changed the draft's pending ladder steps.
    case replan
    /// In a template's history: a draft was made from it (`data["draft"]`).
    case templateUsed = "template-used"
    /// A review link's address was shown to someone on the control socket (`data["user"]`, `data["shown_to"]`).
    case linkShown = "link-shown"
    /// A review link was sent to its person's own channels on someone's request (`data["user"]`).
    case linkSent = "link-sent"
    /// An absence began or ended: the draft's review moved to a stand-in or back (`data["away"]`,
    /// `data["stand_in"]`, `data["back"]`), or its next escalation was brought forward (`data["escalate"]`).
    case standIn = "stand-in"

    public init(_ action: Action) {
        switch action {
        case .create: self = .create
        case .edit: self = .edit
        case .submit: self = .submit
        case .approve: self = .approve
        case .requestChanges: self = .requestChanges
        case .publish: self = .publish
        case .withdraw: self = .withdraw
        case .comment: self = .comment
        case .acknowledge: self = .acknowledge
        }
    }

    public init(_ step: StepAction) {
        switch step {
        case .remind: self = .remind
        case .warn: self = .warn
        case .escalate: self = .escalate
        case .autoApprove: self = .autoApprove
        case .returnToDraft: self = .returnToDraft
        }
    }
}

extension Event {
    /// The timer whose lapse a `deadline-missed` event records: the state's deadline, or the time an approver
    /// promised a decision by. Stored in `data["kind"]` as the timer kind's name.
    public var missedTimer: TimerKind? {
        guard kind == .deadlineMissed else { return nil }
        return data["kind"].flatMap(TimerKind.init(rawValue:)) ?? .deadline
    }
}
