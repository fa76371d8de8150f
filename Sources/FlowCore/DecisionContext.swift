import Foundation

/// What the store read, in the decision's own transaction, for the commands that need more than the draft.
public struct DecisionContext: Sendable, Equatable {
    /// For a template's use: the template of that name, if there is one that is not withdrawn, else the newest
    /// withdrawn one (so a revoked template says so). For a new template: a live one of the same name.
    public var template: Draft?
    /// Uses of `template` since the start of the client's local day (`TemplateGrant.startOfDay`).
    public var usesToday: Int
    /// The record of the draft's lane, where the client grants it autonomy.
    public var autonomy: AutonomyRecord?

    public init(template: Draft? = nil, usesToday: Int = 0, autonomy: AutonomyRecord? = nil) {
        self.template = template
        self.usesToday = usesToday
        self.autonomy = autonomy
    }
}
