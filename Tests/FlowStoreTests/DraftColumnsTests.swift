import FlowCore
import Foundation
import Testing

@testable import FlowStore

/// A property added to `Draft` is stored, or this names it: nothing else would, since a draft that loses a field
/// on its way through the database still decodes. The table says which columns hold each property.
@Suite struct DraftColumnsTests {
    /// The properties stored in more than one column, or under another name than their own in snake case.
    private static let columns: [String: [String]] = [
        "content": ["title", "body", "channels", "publish_at", "media"],
        "template": ["template", "template_expires_at", "template_per_day", "template_crisis"],
        "externalID": ["external_id"],
        "publishedURL": ["published_url"],
    ]

    private static func snakeCase(_ name: String) -> String {
        name.unicodeScalars.map { CharacterSet.uppercaseLetters.contains($0) ? "_\($0)".lowercased() : "\($0)" }
            .joined()
    }

    @Test func everyPropertyOfADraftHasItsColumns() {
        let draft = Draft(
            id: 1, client: "acme", lane: .normal, state: .draft, revision: 1,
            content: Content(title: "t", body: "b", channels: [], publishAt: nil), contentHash: "h", author: "ana",
            revisionAuthor: "ana", revisionAuthorSide: .agency, createdAt: Date(), updatedAt: Date())
        var named: Set<String> = []
        for case let property? in Mirror(reflecting: draft).children.map(\.label) {
            let expected = Self.columns[property] ?? [Self.snakeCase(property)]
            for column in expected {
                #expect(Store.draftColumnNames.contains(column), "Draft.\(property) has no column \(column)")
                named.insert(column)
            }
        }
        #expect(Set(Store.draftColumnNames) == named, "columns no property names")
    }
}
