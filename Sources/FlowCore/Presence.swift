public import Foundation

/// The absences in force: who is away now, and with whom standing in. The daemon swaps it in when an absence begins
/// or ends (`Directory.presence`), so every question of who reviews is answered through the same set, and the moves
/// of drafts to a stand-in and back happen when the set changes (`Directory.handover`).
public struct Presence: Sendable, Equatable {
    /// The absence of each person away.
    public private(set) var absences: [String: Absence]

    public init(_ absences: [Absence] = []) {
        self.absences = Dictionary(absences.map { ($0.person, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The absences of `list` that hold at `instant`.
    public init(_ list: [Absence], at instant: Date) {
        self.init(list.filter { $0.holds(at: instant) })
    }

    public var isEmpty: Bool { absences.isEmpty }

    /// The ids of the absences in force, sorted: what the daemon keeps to know, after a restart, what it moved.
    public var ids: [Int64] { absences.values.map(\.id).sorted() }

    /// Who reviews in `person`'s place: the stand-in of their absence, followed through the stand-in's own absences at
    /// most `Absence.maxChain` steps. A chain that comes back to someone already in it, or runs longer, has nobody at
    /// its end (recording such an absence is refused, `Directory.checkAbsence`).
    public func standIn(for person: String) -> StandIn {
        var chain: [String] = []
        var current = person
        while let absence = absences[current] {
            chain.append(current)
            guard let next = absence.standIn, !chain.contains(next), chain.count <= Absence.maxChain else {
                return .nobody(chain: chain)
            }
            current = next
        }
        return chain.isEmpty ? .present(person) : .standIn(current, chain: chain)
    }

    /// Who acts for `person` now: themselves, their stand-in, or nobody.
    public func actingFor(_ person: String) -> String? {
        switch standIn(for: person) {
        case .present(let name), .standIn(let name, _): name
        case .nobody: nil
        }
    }
}
