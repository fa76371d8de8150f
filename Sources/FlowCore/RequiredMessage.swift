/// Which actions say something in their message, decided here for the core, the review page and flowctl alike: a
/// request for changes says what should change, and a comment is its text.
extension Action {
    /// What the message must hold, in words; nil where the action needs no message.
    public var requiredMessage: String? {
        switch self {
        case .requestChanges: "a reason"
        case .comment: "a text"
        case .create, .edit, .submit, .approve, .publish, .withdraw, .acknowledge: nil
        }
    }

    /// The refusal of an action whose message is missing or blank (`isBlank`); nil when it may go ahead.
    public func refusal(ofMessage message: String?) -> Refusal? {
        guard let needed = requiredMessage, message?.isBlank ?? true else { return nil }
        return Refusal(.invalidRequest, "\(rawValue) needs \(needed) (-m/--message)")
    }
}
