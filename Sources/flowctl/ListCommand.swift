import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List drafts, newest first.",
        discussion: """
            Every option narrows the list, and all of them hold at once; you only ever see the drafts of your \
            clients. --mine keeps the drafts waiting on you: those where you are among the people who must act now, \
            as `flowctl show` names them (a reviewer in review, the author of the revision in draft, a publisher once \
            approved). --search finds drafts whose current title or body holds every word given, each as the start \
            of a word, whatever the case and accents: --search "launch caf" finds "Café launches". Its text is only \
            ever words to find (quotes, *, OR or NEAR are looked for as written); at most \
            \(DraftSearch.maxCharacters) characters. --from and --to take a day (YYYY-MM-DD, midnight at its start) \
            or a day and a time ('YYYY-MM-DD HH:MM') in this machine's time zone, or an ISO-8601 time; the window \
            is half-open, [--from, --to), and drafts without a publish time are left out. With --overdue the list \
            is one page, most overdue first.
            """)
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Option(help: "Only drafts in this state.") var state: String?
    @Option(help: "Only drafts of this client.") var client: String?
    @Flag(help: "Only drafts waiting on you: you are among the people who must act now.") var mine = false
    @Option(help: ArgumentHelp("Only drafts with this label.", valueName: "name")) var label: String?
    @Option(help: ArgumentHelp("Only drafts this person created.", valueName: "user")) var author: String?
    @Option(help: ArgumentHelp("Only drafts for this channel.", valueName: "name")) var channel: String?
    @Option(help: ArgumentHelp("Only drafts to publish at or after this time.", valueName: "time")) var from: String?
    @Option(help: ArgumentHelp("Only drafts to publish before this time.", valueName: "time")) var to: String?
    @Option(help: ArgumentHelp("Only drafts whose title or body holds every one of these words.", valueName: "words"))
    var search: String?
    @Option(help: "At most this many (1-1000).") var limit: Int = 50
    @Option(help: "Only drafts with ids below this (paging).") var before: Int64?
    @Flag(help: "Only drafts past their current deadline, most overdue first.") var overdue = false

    func validate() throws {
        if let state, DraftState(rawValue: state) == nil {
            throw ValidationError("state must be one of \(DraftState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if !(1...1000).contains(limit) { throw ValidationError("--limit must be from 1 to 1000") }
        _ = try filterQuery()
    }

    /// The filter's query parameters, each checked as the daemon checks it (`DraftFilter`, `DraftSearch`), so that
    /// a mistake is a usage error here.
    func filterQuery() throws -> [String] {
        do {
            var query: [String] = []
            if let label { query.append("label=\(queryValue(try DraftFilter.label(label)))") }
            if let author { query.append("author=\(queryValue(try DraftFilter.author(author)))") }
            if let channel { query.append("channel=\(queryValue(try DraftFilter.channel(channel)))") }
            let start = try from.map { try parseTimeOrDate($0) }
            let end = try to.map { try parseTimeOrDate($0) }
            try DraftFilter.checkPublishWindow(from: start, to: end)
            if let start { query.append("from=\(queryValue(WireJSON.formatDate(start)))") }
            if let end { query.append("to=\(queryValue(WireJSON.formatDate(end)))") }
            if let search {
                _ = try DraftSearch(search)
                query.append("search=\(queryValue(search))")
            }
            return query
        } catch let refusal as Refusal {
            throw ValidationError(refusal.message)
        }
    }

    func run() throws {
        var query: [String] = ["limit=\(limit)"]
        if let state { query.append("state=\(state)") }
        if let client { query.append("client=\(queryValue(client))") }
        if let before { query.append("before=\(before)") }
        if overdue { query.append("overdue=true") }
        if mine { query.append("mine=true") }
        query += try filterQuery()
        try global.perform(
            { try $0.get("/v1/drafts?" + query.joined(separator: "&"), as: DraftList.self) }, human: Render.list)
    }
}
