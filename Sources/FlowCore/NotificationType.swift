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
