import FlowAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Three clients, each with its own people, and an agency account team that works on one of them. Every
/// person runs flowctl from their own Unix account.
private func threeClients(
    ladder: String = #"{ after = "1h", action = "remind" }, { after = "2h", action = "escalate" }"#,
    initech: Bool = true
) -> String {
    let people: [(String, String, String, Int)] = [
        ("ana", "agency", #"["author"]"#, 62001), ("bob", "agency", #"["author", "approver"]"#, 62002),
        ("pia", "agency", #"["publisher"]"#, 62003), ("carl", "company", #"["approver"]"#, 62004),
        ("cora", "company", #"["author"]"#, 62005), ("dora", "company", #"["approver"]"#, 62006),
        ("gil", "company", #"["approver"]"#, 62007), ("ivy", "company", #"["approver"]"#, 62008),
    ]
    var text = """
        [[users]]
        name = "ops"
        side = "agency"
        roles = ["admin"]
        unix_user = "@self"

        [[users]]
        name = "nora"
        side = "agency"
        roles = ["author", "approver"]
        uid = 62009
        clients = ["globex"]

        """
    for (name, side, roles, uid) in people {
        text += "[[users]]\nname = \"\(name)\"\nside = \"\(side)\"\nroles = \(roles)\nuid = \(uid)\n\n"
    }
    text += """
        [lanes.normal]
        clock = "always"
        ladder = [\(ladder)]

        [[clients]]
        id = "acme"
        approvers = ["carl"]
        backup_approvers = ["dora"]
        members = ["cora"]

        [[clients]]
        id = "globex"
        approvers = ["gil"]

        """
    if initech { text += "[[clients]]\nid = \"initech\"\napprovers = [\"ivy\"]\n\n" }
    text += """
        [[notify]]
        name = "log"
        command = "cat > /dev/null"
        """
    return text
}

private let scopeUIDs: [String: Int] = [
    "ana": 62001, "bob": 62002, "pia": 62003, "carl": 62004, "cora": 62005, "dora": 62006, "gil": 62007,
    "ivy": 62008, "nora": 62009,
]

private func threeClientDaemon(_ users: String = threeClients()) throws -> RunningDaemon {
    let daemon = try RunningDaemon(users: users)
    daemon.uids = scopeUIDs
    try daemon.start()
    // Drafts 1, 2, 3 for acme, globex and initech, each in review.
    for client in ["acme", "globex", "initech"] {
        #expect(
            try daemon.ctl(["--as", "ana", "new", "--client", client, "--title", "For \(client)", "--body", "B"]).code
                == 0)
    }
    for id in 1...3 { #expect(try daemon.ctl(["--as", "ana", "submit", "\(id)"]).code == 0) }
    return daemon
}

private func ids(_ daemon: RunningDaemon, _ arguments: [String], key: String = "drafts", field: String = "id")
    throws -> [Int]
{
    let object = try daemon.json(arguments)
    return ((object[key] as? [[String: Any]]) ?? []).compactMap { $0[field] as? Int }.sorted()
}

@Suite(.serialized) struct ScopeEndToEnd {
    @Test func eachCompanyUserSeesAndChangesOnlyTheirOwnClientsDrafts() throws {
        let daemon = try threeClientDaemon()
        let own: [String: Int] = ["carl": 1, "cora": 1, "dora": 1, "gil": 2, "ivy": 3, "nora": 2]
        let notFoundFor99 = try daemon.ctl(["show", "99"])
        for (person, mine) in own {
            let all = ["--as", person]
            #expect(try ids(daemon, all + ["ls"]) == [mine], "\(person) ls")
            #expect(try ids(daemon, all + ["ls", "--state", "review"]) == [mine], "\(person) ls --state")
            let agenda = try ids(daemon, all + ["agenda", "--within", "1d", "--all"], key: "items", field: "draft")
            // Each finds the steps of their own client's draft on the agenda, and nobody else's.
            #expect(Set(agenda) == [mine], "\(person) agenda")
            // Deliveries are the agency's plumbing (a row names its sink and what it said): a company user sees none,
            // an agency user on some clients their clients' rows.
            let deliveries = Set(try ids(daemon, all + ["deliveries", "ls"], key: "deliveries", field: "draft"))
            #expect(deliveries == (person == "nora" ? [mine] : []), "\(person) deliveries")
            let status = try daemon.json(all + ["status"])
            #expect((status["drafts"] as? [String: Int])?["review"] == 1, "\(person) status counts")
            if person != "nora" { #expect((status["sinks"] as? [Any])?.isEmpty == true, "\(person) sees no sinks") }
            for other in [1, 2, 3] where other != mine {
                // Every verb: another client's draft answers exactly like one that does not exist.
                let verbs: [[String]] = [
                    ["show", "\(other)"], ["log", "\(other)"], ["approve", "\(other)"],
                    ["request-changes", "\(other)", "-m", "no"], ["comment", "\(other)", "-m", "hi"],
                    ["ack", "\(other)", "--for", "1h"], ["submit", "\(other)"], ["withdraw", "\(other)"],
                    ["edit", "\(other)", "--title", "X"], ["publish", "\(other)"], ["links", "ls", "\(other)"],
                    ["links", "new", "\(other)", "--for", "carl"], ["links", "revoke", "\(other)"],
                ]
                for verb in verbs {
                    let outcome = try daemon.ctl(all + verb)
                    #expect(outcome.code == 4, "\(person) \(verb)")
                    #expect(
                        outcome.stderr == notFoundFor99.stderr.replacingOccurrences(of: "99", with: "\(other)"),
                        "\(person) \(verb)")
                }
            }
        }
        // Asking for another client's drafts by name finds nothing, as for a client that does not exist.
        #expect(try ids(daemon, ["--as", "carl", "ls", "--client", "globex"]).isEmpty)
        #expect(try ids(daemon, ["--as", "carl", "ls", "--client", "globex", "--overdue"]).isEmpty)
        #expect(try ids(daemon, ["--as", "nora", "ls", "--client", "globex"]) == [2])
        // Creating for another client looks like creating for one that does not exist.
        let elsewhere = try daemon.ctl(["--as", "cora", "new", "--client", "globex", "--title", "T", "--body", "B"])
        let nowhere = try daemon.ctl(["--as", "cora", "new", "--client", "nope", "--title", "T", "--body", "B"])
        #expect(elsewhere.code == nowhere.code)
        #expect(elsewhere.stderr.replacingOccurrences(of: "globex", with: "nope") == nowhere.stderr)
        #expect(try daemon.ctl(["--as", "carl", "policy", "explain", "--client", "globex"]).code == 4)
        // The agency account team narrowed to Globex gets a clear refusal instead.
        let nora = try daemon.ctl(["--as", "nora", "new", "--client", "acme", "--title", "T", "--body", "B"])
        #expect(nora.code == 3)
        #expect(nora.stderr.contains("nora is not a member of client acme"))

        // Within their own client they act: cora comments, carl approves, gil requests changes, ivy acknowledges.
        #expect(try daemon.ctl(["--as", "cora", "comment", "1", "-m", "Looks right"]).code == 0)
        #expect(try daemon.json(["--as", "carl", "approve", "1"])["state"] as? String == "approved")
        #expect(try daemon.json(["--as", "gil", "request-changes", "2", "-m", "Tone"])["state"] as? String == "draft")
        #expect(try daemon.ctl(["--as", "ivy", "ack", "3", "--for", "1h"]).code == 0)
        // Nothing any of the refusals tried changed anything: only those four acts were added.
        for (id, actions) in [
            (1, ["create", "submit", "comment", "approve"]), (2, ["create", "submit", "request-changes"]),
            (3, ["create", "submit", "acknowledge"]),
        ] {
            #expect(try daemon.actions(id) == actions)
        }
        #expect(try ids(daemon, ["ls"]) == [1, 2, 3])
    }

    /// Sinks name clients ("acme-chat") and their counts tell how busy a client is: errors and status show each
    /// person only the sinks that may carry their own clients' notifications, counted over their clients' rows, and
    /// an event stream's errors name no event of a client they do not see.
    @Test func sinksAndEventIdsAreShownOnlyAsFarAsTheCallersScope() throws {
        let sinks = ["acme-chat": #"["acme"]"#, "globex-chat": #"["globex"]"#, "shared": #"["acme", "globex"]"#]
        let daemon = try threeClientDaemon(
            threeClients()
                + sinks.sorted { $0.key < $1.key }.map {
                    "\n\n[[notify]]\nname = \"\($0.key)\"\ncommand = \"cat > /dev/null\"\nclients = \($0.value)\n"
                }.joined())
        func names(_ person: String?) throws -> [String] {
            let status = try daemon.json((person.map { ["--as", $0] } ?? []) + ["status"])
            return ((status["sinks"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }.sorted()
        }
        #expect(try names(nil) == ["acme-chat", "globex-chat", "log", "shared"])
        #expect(try names("ana") == ["acme-chat", "globex-chat", "log", "shared"])
        #expect(try names("nora") == ["globex-chat", "log", "shared"])
        #expect(try names("carl").isEmpty)
        // nora's counts are of Globex's rows only: as many as she can list, fewer than all.
        func rows(_ person: String?, sink: String) throws -> (listed: Int, counted: Int) {
            let who = person.map { ["--as", $0] } ?? []
            let listed = try daemon.json(who + ["deliveries", "--sink", sink])["deliveries"] as? [Any]
            let status = try daemon.json(who + ["status"])["sinks"] as? [[String: Any]]
            let counts = status?.first { $0["name"] as? String == sink }
            return (
                listed?.count ?? -1, ["pending", "delivered", "dead"].reduce(0) { $0 + (counts?[$1] as? Int ?? 0) }
            )
        }
        let nora = try rows("nora", sink: "log")
        let everyone = try rows(nil, sink: "log")
        #expect(nora.listed == nora.counted && nora.counted > 0, "\(nora)")
        #expect(everyone.listed == everyone.counted && everyone.counted > nora.counted, "\(everyone)")

        // An unknown sink or one the caller may not see: the same answer, naming only what they may see.
        let hidden = try daemon.ctl(["--as", "nora", "deliveries", "--sink", "acme-chat"])
        let unknown = try daemon.ctl(["--as", "nora", "deliveries", "--sink", "nope"])
        #expect(hidden.code == 4 && unknown.code == 4)
        #expect(hidden.stderr.replacingOccurrences(of: "acme-chat", with: "nope") == unknown.stderr)
        #expect(unknown.stderr.contains("sinks are log, globex-chat, shared"), "\(unknown.stderr)")
        let carl = try daemon.ctl(["--as", "carl", "deliveries", "--sink", "log"])
        #expect(carl.code == 4 && carl.stderr.contains("no sink \"log\"") && !carl.stderr.contains("sinks are"))
        // Nor any row of one: a row names its sink and what the sink said.
        let carlsRows = try daemon.json(["--as", "carl", "deliveries"])["deliveries"] as? [[String: Any]]
        #expect(carlsRows?.isEmpty == true, "\(carlsRows ?? [])")
        #expect(
            try daemon.ctl(["deliveries", "--sink", "nope"]).stderr.contains(
                "sinks are log, acme-chat, globex-chat, shared"))
        #expect(try daemon.ctl(["--as", "nora", "deliveries", "--sink", "shared"]).code == 0)

        // Events 1-3 create the drafts of acme, globex and initech, 4-6 submit them: nora sees 2 and 5.
        let beyond = try daemon.ctl(["--as", "nora", "events", "--since", "6"])
        #expect(beyond.code == 1)
        #expect(beyond.stderr.contains("since 6 is beyond the last event you may see (5)"), "\(beyond.stderr)")
        #expect(!beyond.stderr.contains("(6)"))
        #expect(try daemon.ctl(["--as", "nora", "events", "--since", "5"]).code == 0)
        #expect(try daemon.ctl(["--as", "carl", "events", "--since", "5"]).stderr.contains("you may see (4)"))
        #expect(try daemon.ctl(["events", "--since", "7"]).stderr.contains("since 7 is beyond the last event (6)"))
    }

    @Test func aReloadReplansPendingStepsAndWarnsAboutOrphans() throws {
        let daemon = try threeClientDaemon()
        let before = try daemon.json(["show", "1"])
        let escalateAt = try #require(
            (before["next"] as? [[String: Any]])?.first { $0["action"] as? String == "escalate" }?["at"] as? String)
        #expect((before["next"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["remind", "escalate"])

        let pid = try #require(daemon.pid)
        // Initech leaves, and the normal lane's ladder changes: remind goes, warn comes, escalate stays.
        let header = """
            [daemon]
            socket = "flowd.sock"
            database = "flowd.db"
            max_body_bytes = 65536
            log_level = "info"

            """
        let changed = threeClients(
            ladder: #"{ after = "30m", action = "warn" }, { after = "2h", action = "escalate" }"#, initech: false)
        try (header + changed).write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        kill(pid, SIGHUP)
        #expect(daemon.waitFor(10) { daemon.log.contains("configuration reloaded") })
        #expect(daemon.waitFor(10) { (try? daemon.actions(1).last) == "replan" })

        let after = try daemon.json(["show", "1"])
        let next = try #require(after["next"] as? [[String: Any]])
        #expect(next.compactMap { $0["action"] as? String } == ["warn", "escalate"])
        #expect(after["replanned_at"] as? String != nil)
        #expect(try daemon.ctl(["show", "1"]).stdout.contains("re-planned "))
        let log = try #require(try daemon.json(["log", "1"])["events"] as? [[String: Any]])
        let replan = try #require(log.last)
        #expect(replan["actor"] as? String == "flowd")
        let message = try #require(replan["message"] as? String)
        #expect(message.contains("planned warn after 30m"))
        #expect(message.contains("dropped remind after 1h"))
        #expect(!message.contains("escalate"))
        // The kept step keeps its time: still two hours after entering review.
        let escalate = try #require(next.first { $0["action"] as? String == "escalate" })
        #expect(escalate["at"] as? String == escalateAt)

        // Initech left the config: its draft is orphaned, named in the log, counted, and for admins only.
        #expect(daemon.waitFor(10) { daemon.log.contains("drafts whose client is not in the config") })
        #expect(daemon.log.contains("drafts=3"))
        #expect(try daemon.json(["status"])["orphaned_drafts"] as? Int == 1)
        #expect(try daemon.ctl(["status"]).stdout.contains("orphaned  1 open draft of clients no longer in the config"))
        #expect(
            try daemon.ctl(["show", "3"]).stdout.contains("initech (no longer in the config: only admins may act)"))
        let bob = try daemon.ctl(["--as", "bob", "comment", "3", "-m", "hello?"])
        #expect(bob.code == 3)
        #expect(bob.stderr.contains("only an admin may act on it"))
        #expect(try daemon.ctl(["--as", "ivy", "show", "3"]).code == 4)
        #expect(try daemon.ctl(["withdraw", "3", "-m", "client left"]).code == 0)
        #expect(try daemon.json(["status"])["orphaned_drafts"] as? Int == 0)
    }
}
