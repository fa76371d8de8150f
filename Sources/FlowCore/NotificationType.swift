import Foundation

/// What a notification is about; on the wire it is `draft.<rawValue>`.
public enum NotificationType: String, Sendable, CaseIterable {
    case submitted
    case approvalGiven = "approval_given"
    case changesRequested = "changes_requested"
    case approved, published, withdrawn
    case reminder, warning, escalated
    case autoApproved = "auto_approved"
    case returned, acknowledged
    case deadlineMissed = "deadline_missed"
    /// Someone away: their review of a draft moved to a stand-in, or came back to them.
    case handedOver = "handed_over"
    /// The daily digest of what waits for one approver (not about one event).
    case digest
    /// A client went into crisis mode: its crisis roster is told (not about one draft).
    case crisis

    public var wireName: String { self == .digest || self == .crisis ? rawValue : "draft." + rawValue }

    /// Accepts `escalated` as well as `draft.escalated`.
    public init?(name: String) {
        self.init(rawValue: name.hasPrefix("draft.") ? String(name.dropFirst(6)) : name)
    }

    /// The event kind's own spelling, the one flowctl, the event stream and the metrics use (`request-changes`,
    /// `auto-approve`); `rawValue` is the name receivers match on, kept as it was. `approved` and `approval_given`
    /// are both `approve`: an approval that completes the round, or one that does not yet.
    public var kindName: String {
        switch self {
        case .submitted: EventKind.submit.rawValue
        case .approvalGiven, .approved: EventKind.approve.rawValue
        case .changesRequested: EventKind.requestChanges.rawValue
        case .published: EventKind.publish.rawValue
        case .withdrawn: EventKind.withdraw.rawValue
        case .reminder: EventKind.remind.rawValue
        case .warning: EventKind.warn.rawValue
        case .escalated: EventKind.escalate.rawValue
        case .autoApproved: EventKind.autoApprove.rawValue
        case .returned: EventKind.returnToDraft.rawValue
        case .acknowledged: EventKind.acknowledge.rawValue
        case .deadlineMissed: EventKind.deadlineMissed.rawValue
        case .handedOver: EventKind.standIn.rawValue
        case .digest, .crisis: rawValue
        }
    }

    /// The types a name in a sink's `events` means: an event kind's spelling (`request-changes`) or, kept for
    /// configs written before, a type's own (`changes_requested`, `draft.changes_requested`). Empty for neither.
    public static func named(_ name: String) -> Set<NotificationType> {
        if let type = NotificationType(name: name) { return [type] }
        return Set(allCases.filter { $0.kindName == name })
    }

    /// The notification an event gives rise to; edits, comments and creation notify nobody.
    public static func of(_ event: Event) -> NotificationType? {
        switch event.kind {
        case .submit: .submitted
        case .approve: event.to == .approved ? .approved : .approvalGiven
        case .requestChanges: .changesRequested
        case .publish: .published
        case .withdraw: .withdrawn
        case .remind: .reminder
        case .warn: .warning
        case .escalate: .escalated
        case .autoApprove: .autoApproved
        case .returnToDraft: .returned
        case .acknowledge: .acknowledged
        case .deadlineMissed: .deadlineMissed
        // A draft sent back from its objection window waits for its reviewers again, with new links.
        case .replan: event.data["mode"] == ReviewMode.normal.rawValue ? .submitted : nil
        // A link sent on request reminds its person (told: that person alone) with the new link.
        case .linkSent: .reminder
        case .standIn: .handedOver
        case .create, .edit, .comment, .templateUsed, .linkShown: nil
        }
    }
}
