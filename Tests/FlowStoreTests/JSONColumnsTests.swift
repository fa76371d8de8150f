import FlowCore
import Foundation
import Testing

@testable import FlowStore

@Suite struct JSONColumnsTests {
    @Test(arguments: [[], ["a"], ["linkedin", "x"], ["quote \" slash / back \\ nl \n tab \t", "ünï 👋", "\u{1}"]])
    func stringListsRoundTripAndMatchJSONEncoder(list: [String]) throws {
        let mine = JSONColumns.encode(list)
        #expect(try JSONColumns.strings(mine) == list)
        let foundation = String(decoding: try JSONEncoder().encode(list), as: UTF8.self)
        #expect(try JSONColumns.strings(foundation) == list)
        #expect(try JSONDecoder().decode([String].self, from: Data(mine.utf8)) == list)
    }

    @Test func mapsRoundTrip() throws {
        let map = ["rule": "remind after 1h", "url": "https://x.example/a?b=c", "empty": ""]
        #expect(try JSONColumns.map(JSONColumns.encode(map)) == map)
        #expect(try JSONColumns.map(String(decoding: try JSONEncoder().encode(map), as: UTF8.self)) == map)
    }

    @Test func approvalsRoundTrip() throws {
        let approvals = [Approval(user: "carl", revision: 2, at: Date(timeIntervalSince1970: 1_790_000_000.123))]
        #expect(try JSONColumns.approvals(JSONColumns.encode(approvals)) == approvals)
    }

    /// Strict as the request bodies' reader is (`JSONStringReader`): an escape JSON does not have, a lone
    /// surrogate or a raw control character means a damaged column.
    @Test(arguments: [
        "", "[", "[\"a\"", "[\"a\",]", "{\"a\"}", "[1]", "[\"\\u12\"]", "[\"\\q\"]", "[\"\\uD83D\"]",
        "[\"\\uDE80\"]", "[\"a\u{1}\"]",
    ])
    func malformedTextIsRefused(text: String) {
        #expect(throws: (any Error).self) { _ = try JSONColumns.strings(text) }
    }
}
