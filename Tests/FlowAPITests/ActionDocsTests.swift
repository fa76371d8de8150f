import FlowAPI
import FlowCore
import Foundation
import Testing

/// docs/api.md's row for `POST /v1/drafts/{id}/{action}` against the code: every action of the state table and
/// every field of `ActionRequest`, so that a new verb or field cannot leave the reference behind unnoticed.
@Suite struct ActionDocsTests {
    static func actionRow() throws -> Substring {
        // Tests/FlowAPITests/ActionDocsTests.swift, three folders below the repository's root.
        let api = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/api.md")
        let text = try String(contentsOf: api, encoding: .utf8)
        return try #require(text.split(separator: "\n").first { $0.hasPrefix("| `POST /v1/drafts/{id}/{action}`") })
    }

    @Test func theActionRowNamesEveryAction() throws {
        let row = try Self.actionRow()
        for action in Action.allCases where action != .create {
            #expect(row.contains("`\(action.rawValue)`"), "docs/api.md does not list \(action.rawValue)")
        }
    }

    @Test func theActionRowListsEveryFieldOfTheBody() throws {
        let row = try Self.actionRow()
        for label in Mirror(reflecting: ActionRequest()).children.compactMap(\.label) {
            let key = label.reduce(into: "") { key, character in
                key += character.isUppercase ? "_" + character.lowercased() : String(character)
            }
            #expect(row.contains("\(key)?"), "docs/api.md's body of an action does not list \(key)")
        }
    }
}
