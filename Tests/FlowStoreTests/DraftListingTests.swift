import FlowCore
import Foundation
import Testing

@testable import FlowStore

/// Two clients, and bob as a second author, for listings that tell drafts apart by client and by author.
private let listingRules = Directory(
    clients: [
        "acme": Client(id: "acme", name: "ACME", approvers: ["carl"]),
        "globex": Client(id: "globex", name: "Globex", approvers: ["gil"]),
    ])
private let bob = User(name: "bob", side: .agency, roles: [.author])
private let day: TimeInterval = 86_400

/// A draft made as `by` would make it through the engine.
private func make(
    _ store: Store, _ title: String, body: String = "Body", client: String = "acme", by user: User = author,
    channels: [String] = ["x"], labels: [String] = [], publishIn days: Double? = nil
) async throws -> Int64 {
    let content = Content(
        title: title, body: body, channels: channels, publishAt: days.map { t0.addingTimeInterval($0 * day) })
    return try await store.apply(draftID: nil) { draft, id in
        try Workflow.decide(
            Request(.create(client: client, lane: .normal, content: content, labels: labels)), on: draft,
            by: Actor(user: user), directory: listingRules, now: t0, newID: id)
    }.draft.id
}

private func edit(_ store: Store, _ id: Int64, _ patch: ContentPatch) async throws {
    _ = try await store.apply(draftID: id) { draft, _ in
        try Workflow.decide(
            Request(.edit(patch)), on: draft, by: Actor(user: author), directory: listingRules,
            now: t0.addingTimeInterval(5))
    }
}

private func search(_ text: String) throws -> DraftFilter { DraftFilter(search: try DraftSearch(text)) }

extension Store {
    fileprivate func ids(_ filter: DraftFilter, clients: Set<String>? = nil) async throws -> [Int64] {
        try await drafts(filter, limit: 100, clients: clients).map(\.id)
    }
}

@Suite struct DraftListingTests {
    /// 1: summer launch (acme, ana, x, promo, in 1 day); 2: winter sale (acme, bob, linkedin, in 3 days);
    /// 3: summer recap (globex, ana, x and linkedin, promo and recap, no publish time).
    private func threeDrafts() async throws -> (TempDir, Store) {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await make(store, "Summer launch", body: "Café opening", labels: ["promo"], publishIn: 1)
        _ = try await make(store, "Winter sale", body: "Boots", by: bob, channels: ["linkedin"], publishIn: 3)
        _ = try await make(
            store, "Summer recap", body: "What we did", client: "globex", channels: ["x", "linkedin"],
            labels: ["recap", "promo"])
        return (dir, store)
    }

    @Test func eachFilterNarrowsTheList() async throws {
        let (_, store) = try await threeDrafts()
        #expect(try await store.ids(DraftFilter()) == [3, 2, 1])
        #expect(try await store.ids(DraftFilter(label: "promo")) == [3, 1])
        #expect(try await store.ids(DraftFilter(label: "recap")) == [3])
        #expect(try await store.ids(DraftFilter(label: "nothing")) == [])
        #expect(try await store.ids(DraftFilter(author: "bob")) == [2])
        #expect(try await store.ids(DraftFilter(author: "ana")) == [3, 1])
        #expect(try await store.ids(DraftFilter(channel: "linkedin")) == [3, 2])
        #expect(try await store.ids(DraftFilter(channel: "x")) == [3, 1])
        #expect(try await store.ids(DraftFilter(publishFrom: t0.addingTimeInterval(2 * day))) == [2])
        #expect(try await store.ids(DraftFilter(publishTo: t0.addingTimeInterval(2 * day))) == [1])
        // Half-open: a draft due exactly at --to is left out, one exactly at --from kept.
        let first = t0.addingTimeInterval(day)
        #expect(try await store.ids(DraftFilter(publishFrom: first, publishTo: first.addingTimeInterval(1))) == [1])
        #expect(try await store.ids(DraftFilter(publishTo: first)) == [])
        #expect(try await store.ids(try search("summer")) == [3, 1])
        #expect(try await store.ids(try search("SUMMER launch")) == [1])
        #expect(try await store.ids(try search("boots")) == [2], "the body is searched too")
        #expect(try await store.ids(try search("laun")) == [1], "each word as the start of a word")
        #expect(try await store.ids(try search("cafe")) == [1], "accents do not count")
        #expect(try await store.ids(try search("café")) == [1])
        #expect(try await store.ids(DraftFilter(state: .draft)) == [3, 2, 1])
        #expect(try await store.ids(DraftFilter(state: .review)) == [])
    }

    @Test func filtersCombineAndStayInTheScope() async throws {
        let (_, store) = try await threeDrafts()
        #expect(try await store.ids(try search("summer"), clients: ["acme"]) == [1])
        #expect(try await store.ids(try search("recap"), clients: ["acme"]) == [], "globex's draft is out of scope")
        #expect(try await store.ids(try search("summer"), clients: []) == [])
        var filter = try search("summer")
        filter.label = "promo"
        filter.channel = "x"
        filter.author = "ana"
        #expect(try await store.ids(filter) == [3, 1])
        filter.publishFrom = t0
        #expect(try await store.ids(filter) == [1], "a draft without a publish time is outside every window")
        filter.channel = "linkedin"
        #expect(try await store.ids(filter) == [])
        #expect(try await store.ids(DraftFilter(state: .draft, label: "promo", channel: "linkedin")) == [3])
        #expect(try await store.drafts(DraftFilter(label: "promo"), limit: 1, before: 3).map(\.id) == [1])
        #expect(try await store.ids(DraftFilter(open: true, author: "bob")) == [2])
    }

    @Test func overdueDraftsPageOnFromTheLastOneReadAndFilter() async throws {
        let (_, store) = try await threeDrafts()
        _ = try await make(store, "Summer party", labels: ["promo"])
        // Drafts 1 and 4 due at the same moment, 3 earlier, 2 not due yet.
        try await store.execute(
            """
            UPDATE drafts SET due_at = CASE id WHEN 3 THEN \(t0.millis - 9_000) WHEN 2 THEN \(t0.millis + 9_000)
                ELSE \(t0.millis - 5_000) END
            """)
        #expect(try await store.overdue(now: t0, limit: 10).map(\.id) == [3, 1, 4])
        var read: [Int64] = []
        var last: Draft?
        repeat {
            let page = try await store.overdue(now: t0, limit: 1, after: last)
            read += page.map(\.id)
            last = page.last
        } while last != nil
        #expect(read == [3, 1, 4], "ties on the due time go on by id, none read twice")
        #expect(try await store.overdue(now: t0, limit: 10, filter: try search("summer")).map(\.id) == [3, 1, 4])
        #expect(
            try await store.overdue(now: t0, limit: 10, clients: ["acme"], filter: try search("party")).map(\.id) == [4]
        )
    }

    @Test func theSearchFollowsEveryEdit() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let id = try await make(store, "Summer launch", body: "Café opening")
        try await edit(store, id, ContentPatch(title: "Autumn launch"))
        #expect(try await store.ids(try search("summer")) == [])
        #expect(try await store.ids(try search("autumn")) == [id])
        try await edit(store, id, ContentPatch(body: "Harvest dinner", channels: ["linkedin"]))
        #expect(try await store.ids(try search("cafe")) == [])
        #expect(try await store.ids(try search("harvest autumn")) == [id])
        #expect(try await store.ids(DraftFilter(channel: "x")) == [], "channels follow the edit too")
        #expect(try await store.ids(DraftFilter(channel: "linkedin")) == [id])
        _ = try await act(store, id, .comment, by: author, message: "summer was better")
        #expect(try await store.ids(try search("summer")) == [], "a comment is not the draft's text")
        // The index agrees with the drafts' rows, word for word.
        try await store.execute("INSERT INTO drafts_text (drafts_text, rank) VALUES ('integrity-check', 1)")
    }

    @Test func hostileSearchTextIsOnlyWordsToFind() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let quoted = try await make(store, "Say \"or\" near here", body: "A - B * C (NEAR) x:y 東京 naïve")
        let plain = try await make(store, "Winter", body: "Nothing special")
        for text in ["\"", "*", "-", "(", ")", "\"\"", "* -", "🎉", "...", "^"] {
            #expect(throws: Refusal.self, "\(text)") { try DraftSearch(text) }
        }
        let cases: [(String, [Int64])] = [
            ("OR", [quoted]), ("NEAR(", [quoted]), ("near(here", [quoted]), ("\"or\"", [quoted]),
            ("say OR winter", []), ("-winter", [plain]), ("winter*", [plain]), ("x:y", [quoted]),
            ("body:winter", []), ("東京", [quoted]), ("naive", [quoted]), ("\"\"\"or", [quoted]),
            // Words, not operators: NOT is the start of "Nothing", and a quote inside a word splits it as the
            // tokenizer does ("a b", as in "A - B"); a column filter is a word too.
            ("NOT winter", [plain]), ("a\"b", [quoted]), ("{title} : winter", []), ("w*", [plain]), ("AND", []),
        ]
        for (text, expected) in cases {
            #expect(try await store.ids(try search(text)) == expected, "\(text)")
        }
    }

    @Test func aSearchIsBoundedAndOnOneLine() throws {
        #expect(try DraftSearch(String(repeating: "a", count: 200)).words.count == 1)
        #expect(throws: Refusal(.invalidRequest, "search is longer than 200 characters")) {
            try DraftSearch(String(repeating: "a", count: 201))
        }
        #expect(throws: Refusal(.invalidRequest, "search is longer than 200 characters")) {
            try DraftSearch(String(repeating: "é", count: 1_000_000))
        }
        #expect(throws: Refusal(.invalidRequest, "search needs a word to look for: letters or digits")) {
            try DraftSearch("  ")
        }
        #expect(throws: Refusal.self) { try DraftSearch("summer\nwinter") }
        #expect(throws: Refusal.self) { try DraftSearch("a\u{0}b") }
        #expect(try DraftSearch(" summer  * launch ").words == ["summer", "launch"])
    }

    @Test func migratingAnExistingDatabaseIndexesItsDrafts() async throws {
        let dir = TempDir()
        do {
            let store = try Store(path: dir.database)
            _ = try await make(store, "Summer launch", body: "Café opening", labels: ["promo"])
            _ = try await make(store, "Winter sale", by: bob, channels: ["linkedin", "x"])
            let first = try #require(migrations.firstIndex { $0.contains("CREATE VIRTUAL TABLE drafts_text") })
            try await store.execute(
                "BEGIN IMMEDIATE; \(Store.undoMigrations(from: first)) PRAGMA user_version = \(first); COMMIT;")
            await #expect(throws: SQLiteError.self) { try await store.execute("SELECT count(*) FROM drafts_text") }
        }
        let store = try Store(path: dir.database)
        #expect(try await store.pragma("user_version") == "\(Store.schemaVersion)")
        #expect(try await store.ids(try search("cafe")) == [1])
        #expect(try await store.ids(try search("sale")) == [2])
        #expect(try await store.ids(DraftFilter(label: "promo")) == [1])
        #expect(try await store.ids(DraftFilter(channel: "x")) == [2, 1])
        #expect(try await store.ids(DraftFilter(author: "bob")) == [2])
        try await store.execute("INSERT INTO drafts_text (drafts_text, rank) VALUES ('integrity-check', 1)")
        // And the triggers work on from there.
        try await edit(store, 1, ContentPatch(title: "Spring launch"))
        #expect(try await store.ids(try search("spring")) == [1])
    }
}
