import FlowCore
import Foundation
import Testing

/// docs/design.md §3's table as written there (the "notes" column left out). `theTableIsTheDesignsTable` also
/// reads the file itself from the repository, so the table, this copy and the code cannot drift apart unnoticed.
private let designTable = """
    | — | create | draft | author in the client's scope |
    | draft | edit | draft | author in the client's scope |
    | draft | submit | review | author in the client's scope |
    | review | approve | review or approved | approver on the reviewing side, not the author of the revision |
    | review | request-changes | draft | approver |
    | review | acknowledge | review | approver |
    | approved | publish | published | publisher or webhook |
    | approved | edit | draft | author |
    | draft, review, approved | withdraw | withdrawn | the draft's author or admin |
    | any | comment | same | anyone in the client's scope |
    """

/// One row of docs/design.md's table, read as data.
private struct DesignRow: Equatable, CustomStringConvertible {
    var from: [DraftState?]
    var action: Action
    var to: Target
    var who: Permission

    var description: String { "\(from.map { $0?.rawValue ?? "—" }) \(action.rawValue) → \(to) by \(who)" }

    init?(_ line: Substring) {
        let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard cells.count >= 5, let action = Action(rawValue: cells[2]) else { return nil }
        self.action = action
        switch cells[1] {
        case "—": from = [nil]
        case "any": from = DraftState.allCases
        default:
            from = cells[1].split(separator: ",").map { DraftState(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        }
        switch cells[3] {
        case "same": to = .same
        case "review or approved": to = .approvedWhenEnough
        default:
            let state = DraftState(rawValue: cells[3])!
            // "review → acknowledge → review" is the table's way of saying the draft stays.
            to = from == [state] ? .same : .state(state)
        }
        let who = cells[4]
        if who.hasPrefix("author") {
            self.who = .role(.author)
        } else if who.hasPrefix("approver") {
            self.who = .reviewer
        } else if who.hasPrefix("publisher") {
            self.who = .role(.publisher)
        } else if who == "the draft's author or admin" {
            self.who = .authorOfDraftOrAdmin
        } else if who == "anyone in the client's scope" {
            self.who = .anyoneInScope
        } else {
            return nil
        }
    }
}

@Suite struct StateTableTests {
    @Test func theTableIsTheDesignsTable() throws {
        let rows = designTable.split(separator: "\n").compactMap(DesignRow.init)
        #expect(rows.count == 10)
        let table = StateTable.rows.map {
            "\($0.from.map { $0?.rawValue ?? "—" }) \($0.action.rawValue) → \($0.to) by \($0.who)"
        }
        #expect(table == rows.map(\.description))

        // Tests/FlowCoreTests/StateTableTests.swift, three folders below the repository's root.
        let design = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/design.md")
        let text = try String(contentsOf: design, encoding: .utf8)
        let section = text.components(separatedBy: "### States and actions").last ?? ""
        let fromFile = section.split(separator: "\n").prefix(20).compactMap(DesignRow.init)
        #expect(fromFile == rows, "docs/design.md's table and this test's copy differ")
    }

    /// An action without a row would build and be refused in every state; this names it instead.
    @Test func everyActionHasARow() {
        for action in Action.allCases {
            #expect(StateTable.rows.contains { $0.action == action }, "\(action.rawValue) has no row in StateTable")
        }
    }

    @Test func everyActionOutsideTheTableIsRefusedEverywhere() {
        for state in DraftState.allCases {
            for action in Action.allCases {
                let listed = StateTable.rows.contains { $0.action == action && $0.from.contains(state) }
                #expect((StateTable.row(state, action) != nil) == listed)
            }
        }
        #expect(StateTable.row(nil, .create)?.who == .role(.author))
        #expect(StateTable.row(nil, .edit) == nil)
    }
}
