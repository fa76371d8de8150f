public import FlowCore
public import Foundation

/// `POST /v1/absences`: a person goes away for a period, with a stand-in or none.
public struct AbsenceRequest: Codable, Sendable {
    public var person: String
    public var from: Date
    public var until: Date
    public var standIn: String?
    public var message: String?

    public init(person: String, from: Date, until: Date, standIn: String? = nil, message: String? = nil) {
        self.person = person
        self.from = from
        self.until = until
        self.standIn = standIn
        self.message = message
    }
}

/// `POST /v1/absences/end`: the person is back (or will not go).
public struct EndAbsenceRequest: Codable, Sendable {
    public var person: String

    public init(person: String) { self.person = person }
}

/// One absence, as `flowctl away` shows it.
public struct AbsenceView: Codable, Sendable, Equatable {
    public var id: Int64
    public var person: String
    public var from: Date
    public var until: Date
    public var standIn: String?
    public var message: String?
    public var setBy: String
    public var endedAt: Date?

    public init(_ absence: Absence) {
        id = absence.id
        person = absence.person
        from = absence.from
        until = absence.until
        standIn = absence.standIn
        message = absence.message
        setBy = absence.setBy
        endedAt = absence.endedAt
    }
}

/// `GET /v1/absences`: the absences under way and to come that the caller may see, soonest first.
public struct AbsenceList: Codable, Sendable {
    public var absences: [AbsenceView]

    public init(_ absences: [Absence]) { self.absences = absences.map(AbsenceView.init) }
}
