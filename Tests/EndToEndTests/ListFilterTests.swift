import FlowAPI
import Foundation
import Testing

/// Issue 33: `flowctl ls` narrows the day's work from the shell: waiting on me, a label, an author, a channel, a
/// publish window and words, all at once, and only ever inside the caller's clients.
@Suite(.serialized) struct ListFilterEndToEnd {
    /// 1 summer launch (acme, ana, x, promo, 2030-11-25); 2 winter sale (acme, ana, linkedin, 2030-12-01 10:00);
    /// 3 summer recap (acme, bob, promo); 4 summer at Globex (globex, ana). Draft 1 is in review, carl's to decide.
    private func fourDrafts() throws -> RunningDaemon {
        let daemon = try RunningDaemon(users: RunningDaemon.standardUsers + RunningDaemon.globex)
        try daemon.start()
        let drafts: [[String]] = [
            [
                "--as", "ana", "new", "--client", "acme", "--title", "Summer launch", "--body", "Café opening",
                "--label", "promo", "--channel", "x", "--publish-at", "2030-11-25",
            ],
            [
                "--as", "ana", "new", "--client", "acme", "--title", "Winter sale", "--body", "Boots",
                "--channel", "linkedin", "--publish-at", "2030-12-01 10:00",
            ],
            [
                "--as", "bob", "new", "--client", "acme", "--title", "Summer recap", "--body", "What we did",
                "--label", "promo",
            ],
            ["--as", "ana", "new", "--client", "globex", "--title", "Summer at Globex", "--body", "Secret merger"],
        ]
        for arguments in drafts { #expect(try daemon.ctl(arguments).code == 0, "\(arguments)") }
        #expect(try daemon.ctl(["--as", "ana", "submit", "1"]).code == 0)
        return daemon
    }

    private func ids(_ daemon: RunningDaemon, _ arguments: [String]) throws -> [Int] {
        let drafts = try daemon.json(arguments)["drafts"] as? [[String: Any]] ?? []
        return drafts.compactMap { $0["id"] as? Int }
    }

    @Test func filtersCombineWaitOnTheRightPeopleAndKeepToTheScope() throws {
        let daemon = try fourDrafts()
        let table: [([String], [Int])] = [
            (["ls"], [4, 3, 2, 1]),
            (["ls", "--label", "promo"], [3, 1]),
            (["ls", "--label", "PROMO"], [3, 1]),
            (["ls", "--author", "bob"], [3]),
            (["ls", "--channel", "linkedin"], [2]),
            (["ls", "--from", "2030-11-25", "--to", "2030-11-26"], [1]),
            (["ls", "--from", "2030-11-26"], [2]),
            (["ls", "--to", "2030-12-01 10:00"], [1]),
            (["ls", "--search", "summer"], [4, 3, 1]),
            (["ls", "--search", "CAFE open"], [1]),
            (["ls", "--search", "\"summer\" OR NEAR(winter"], []),
            (["ls", "--search", "summer", "--label", "promo", "--author", "bob"], [3]),
            (["ls", "--search", "summer", "--state", "review"], [1]),
            (["ls", "--label", "promo", "--limit", "1", "--before", "3"], [1]),
            // Waiting on me: carl reviews draft 1; ana wrote the drafts still in draft; bob his own.
            (["--as", "carl", "ls", "--mine"], [1]),
            (["--as", "ana", "ls", "--mine"], [4, 2]),
            (["--as", "bob", "ls", "--mine"], [3]),
            (["--as", "gil", "ls", "--mine"], []),
            (["--as", "carl", "ls", "--mine", "--search", "winter"], []),
            (["--as", "ana", "ls", "--mine", "--channel", "linkedin"], [2]),
            // The scope: carl sees acme's drafts, gil globex's, whatever the words.
            (["--as", "carl", "ls", "--search", "summer"], [3, 1]),
            (["--as", "carl", "ls", "--search", "merger"], []),
            (["--as", "carl", "ls", "--search", "summer", "--client", "globex"], []),
            (["--as", "gil", "ls", "--search", "summer"], [4]),
            (["--as", "gil", "ls", "--search", "cafe"], []),
            (["--as", "gil", "ls", "--label", "promo"], []),
        ]
        for (arguments, expected) in table {
            #expect(try ids(daemon, arguments) == expected, "\(arguments)")
        }
        let human = try daemon.ctl(["--as", "carl", "ls", "--mine"])
        #expect(human.code == 0)
        #expect(human.stdout.contains("Summer launch") && !human.stdout.contains("Winter sale"), "\(human.stdout)")
    }

    @Test func badInputIsRefusedWithItsCodeAndChangesNothing() throws {
        let daemon = try fourDrafts()
        let table: [([String], Int32, String)] = [
            (["ls", "--search", "\""], 64, "search needs a word to look for"),
            (["ls", "--search", ""], 64, "search needs a word to look for"),
            (["ls", "--search", String(repeating: "a", count: 201)], 64, "search is longer than 200 characters"),
            (["ls", "--from", "2030-02-30"], 64, "is not a day of the calendar"),
            (["ls", "--to", "2030-11-25 24:00"], 64, "is not a time like"),
            (["ls", "--from", "2030-12-01", "--to", "2030-11-01"], 64, "the publish window is empty"),
            (["ls", "--label", "no such label"], 64, "is not a name like"),
            (["ls", "--channel", "x/y"], 64, "is not a name like"),
            (["ls", "--author", "zed"], 1, "author \"zed\" is nobody in the config"),
        ]
        for (arguments, code, reason) in table {
            let outcome = try daemon.ctl(arguments)
            #expect(outcome.code == code, "\(arguments): \(outcome.code) \(outcome.stderr)")
            #expect(outcome.stderr.contains(reason), "\(arguments): \(outcome.stderr)")
        }
        // The daemon checks the query itself, whoever sends it.
        let refused = [
            "from=2030-02-30T10:00:00Z", "to=tomorrow", "search=%22%20%2A", "mine=yes", "overdue=maybe",
            "label=Bad%20Label", "search=" + String(repeating: "a", count: 801),
            "from=2030-12-02T00:00:00Z&to=2030-12-01T00:00:00Z",
        ]
        for query in refused {
            let answer = try daemon.client.raw(method: "GET", path: "/v1/drafts?" + query, body: nil)
            #expect(answer.status == 400, "\(query)")
            #expect(String(decoding: answer.body, as: UTF8.self).contains("\"code\":\"invalid_request\""), "\(query)")
        }
        #expect(try ids(daemon, ["ls"]) == [4, 3, 2, 1], "no refusal made or changed a draft")
        #expect(try daemon.actions(1) == ["create", "submit"])
    }
}
