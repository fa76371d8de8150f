public import Foundation

/// What a listing of drafts is narrowed to (`flowctl ls`, `GET /v1/drafts`) besides the caller's scope, which the
/// engine decides, and the page: every condition given holds at once. Each value is read here, once, for flowctl's
/// options and the daemon's query parameters alike, so the two refuse the same input with the same words.
public struct DraftFilter: Sendable, Equatable {
    public var state: DraftState?
    /// Only drafts not yet published or withdrawn, where someone may still have to act.
    public var open = false
    public var label: String?
    /// Who created the draft (`Draft.author`), whoever wrote its later revisions.
    public var author: String?
    public var channel: String?
    /// The publish time from this moment on.
    public var publishFrom: Date?
    /// The publish time before this moment: a day given as `--to` is not included, as in the calendar.
    public var publishTo: Date?
    public var search: DraftSearch?

    public init(
        state: DraftState? = nil, open: Bool = false, label: String? = nil, author: String? = nil,
        channel: String? = nil, publishFrom: Date? = nil, publishTo: Date? = nil, search: DraftSearch? = nil
    ) {
        self.state = state
        self.open = open
        self.label = label
        self.author = author
        self.channel = channel
        self.publishFrom = publishFrom
        self.publishTo = publishTo
        self.search = search
    }

    /// A label as drafts keep it: `Workflow.validatedLabels` lower-cases them.
    public static func label(_ raw: String) throws(Refusal) -> String {
        try name(raw, "label", example: "launch or q3-promo")
    }

    /// A channel as drafts keep it: `Workflow.validated` lower-cases them.
    public static func channel(_ raw: String) throws(Refusal) -> String {
        try name(raw, "channel", example: "linkedin or x")
    }

    /// A person as the config names them; whether they exist is the engine's to say.
    public static func author(_ raw: String) throws(Refusal) -> String {
        try name(raw, "author", example: "ana")
    }

    /// A publish window that holds some time: `from` before `to`.
    public static func checkPublishWindow(from: Date?, to: Date?) throws(Refusal) {
        guard let from, let to, from >= to else { return }
        throw Refusal(.invalidRequest, "the publish window is empty: --from must come before --to")
    }

    private static func name(_ raw: String, _ what: String, example: String) throws(Refusal) -> String {
        // Lower-cased only once the size is known to be small: the check is linear in what was sent.
        guard raw.utf8.count <= 64, Workflow.isIdentifier(raw.lowercased()) else {
            throw Refusal(
                .invalidRequest,
                "\(what) \(quoted(raw)) is not a name like \(example) (lower-case letters, digits, - _ or ., at most 64)"
            )
        }
        return raw.lowercased()
    }
}
