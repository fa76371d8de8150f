public import Foundation

/// A person away for a period (vacation, sick leave, a trade fair), and who stands in for them meanwhile. Who reviews
/// a draft is resolved through the absences when the question is asked (`Directory.standIn(for:at:absences:)`), so
/// an absence is one record, never copies of the person's reviews.
public struct Absence: Sendable, Equatable {
    public var id: Int64
    public var person: String
    /// When the absence begins; it holds until just before `until`.
    public var from: Date
    public var until: Date
    /// Who reviews in the person's place; nil: nobody, and the lane's ladder widens the circle at once.
    public var standIn: String?
    /// What the person's own links and notices say while they are away.
    public var message: String?
    /// Who recorded it: the person, an admin, or an agency user who works on the person's clients.
    public var setBy: String
    /// Set when the absence was ended before `until` (`flowctl away end`).
    public var endedAt: Date?

    public init(
        id: Int64 = 0, person: String, from: Date, until: Date, standIn: String? = nil, message: String? = nil,
        setBy: String, endedAt: Date? = nil
    ) {
        self.id = id
        self.person = person
        self.from = from
        self.until = until
        self.standIn = standIn
        self.message = message
        self.setBy = setBy
        self.endedAt = endedAt
    }

    /// When it stops holding: its end, or when it was ended early.
    public var end: Date { min(until, endedAt ?? until) }

    /// Whether the person is away at `instant`.
    public func holds(at instant: Date) -> Bool { from <= instant && instant < end }

    /// Whether the two periods share an instant.
    func overlaps(_ other: Absence) -> Bool { from < other.end && other.from < end }

    /// How long a message may be: a sentence or two on a page and in a notice.
    public static let maxMessageBytes = 500
    /// How many stand-ins a chain may pass through (carl → dora → eve → fred): past it an absence is refused.
    public static let maxChain = 3
}

/// Who reviews in a person's place at one instant, through the absences that hold then.
public enum StandIn: Sendable, Equatable {
    /// The person is not away.
    case present(String)
    /// Away: `person` reviews in their place, through `chain` (the absent people, first the one asked about).
    case standIn(String, chain: [String])
    /// Away with nobody to stand in (none named, or the chain ends with someone away without one).
    case nobody(chain: [String])
}
