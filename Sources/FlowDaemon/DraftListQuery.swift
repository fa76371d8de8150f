import FlowAPI
import FlowCore
import Foundation
import Hummingbird

/// `GET /v1/drafts`' query as the engine takes it: each parameter read strictly by the rule FlowCore has for it
/// (`DraftFilter`, `DraftSearch`), and a wrong one refused with a 400 that names it. Every check is linear in what
/// was sent, and the longest values are refused before any parsing.
struct DraftListQuery {
    var filter = DraftFilter()
    var client: String?
    var mine = false
    var overdue = false

    /// No value of this query is longer: the search is the longest, at `DraftSearch.maxCharacters` characters.
    static let longestValue = DraftSearch.maxCharacters * 4

    init(_ query: Parameters) throws {
        for (name, value) in query where value.utf8.count > Self.longestValue {
            throw APIError(.invalidRequest, "\(quoted(String(name))) is longer than \(Self.longestValue) bytes")
        }
        if let raw = query["state"].map(String.init) {
            guard let state = DraftState(rawValue: raw) else {
                throw APIError(
                    .invalidRequest,
                    "unknown state \(quoted(raw)); states are \(DraftState.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            filter.state = state
        }
        client = query["client"].map(String.init)
        mine = try Self.flag(query, "mine")
        overdue = try Self.flag(query, "overdue")
        filter.label = try query["label"].map { try DraftFilter.label(String($0)) }
        filter.author = try query["author"].map { try DraftFilter.author(String($0)) }
        filter.channel = try query["channel"].map { try DraftFilter.channel(String($0)) }
        filter.publishFrom = try Self.time(query, "from")
        filter.publishTo = try Self.time(query, "to")
        try DraftFilter.checkPublishWindow(from: filter.publishFrom, to: filter.publishTo)
        filter.search = try query["search"].map { try DraftSearch(String($0)) }
    }

    /// `true` or `1`, `false` or `0`; absent is false.
    private static func flag(_ query: Parameters, _ name: String) throws -> Bool {
        switch query[Substring(name)] {
        case nil, "false", "0": false
        case "true", "1": true
        case let other?: throw APIError(.invalidRequest, "\(name) is true or false, not \(quoted(String(other)))")
        }
    }

    /// An optional ISO-8601 time, as `ControlRoutes.queryTime` reads a required one.
    private static func time(_ query: Parameters, _ name: String) throws -> Date? {
        guard query[Substring(name)] != nil else { return nil }
        return try ControlRoutes.queryTime(query, name, for: "ls")
    }
}
