/// What a pending timer is for.
public enum TimerKind: String, Codable, Sendable {
    /// A ladder step of the review state.
    case step
    /// The state's deadline (review SLA, rework SLA, publish grace).
    case deadline
    /// The time an approver promised a decision by.
    case acknowledgement
    /// The end of an objection window under earned autonomy: approved unless someone objected.
    case objection
}
