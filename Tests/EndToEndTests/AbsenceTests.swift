import FlowCore
import Foundation
import Testing

/// Absences against the built binaries: carl records his own with dora standing in, sees it listed, the agency
/// sees it and ends it; people outside his client see nothing of it; bad input is refused with its reason and
/// changes nothing.
@Suite(.serialized) struct AbsenceEndToEnd {
    static func listed(_ daemon: RunningDaemon, as person: String) throws -> [[String: Any]] {
        let outcome = try daemon.ctl(["--as", person, "away", "ls", "--json"])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        return object?["absences"] as? [[String: Any]] ?? []
    }

    @Test func carlGoesAwayWithDoraStandingInAndTheAgencyEndsIt() throws {
        let daemon = try RunningDaemon(
            users: RunningDaemon.standardUsers + RunningDaemon.globex)
        try daemon.start()
        let until = isoUTC(Date().addingTimeInterval(14 * 86_400))
        let set = try daemon.ctl([
            "--as", "carl", "away", "set", "carl", "--until", until, "--to", "dora", "-m", "Back in two weeks",
        ])
        #expect(set.code == 0, "\(set.stderr)")
        #expect(set.stdout.contains("carl is away from") && set.stdout.contains("dora stands in"))

        let mine = try Self.listed(daemon, as: "carl")
        #expect(mine.count == 1)
        #expect(mine.first?["person"] as? String == "carl" && mine.first?["stand_in"] as? String == "dora")
        #expect(mine.first?["message"] as? String == "Back in two weeks" && mine.first?["set_by"] as? String == "carl")
        #expect(try Self.listed(daemon, as: "ana").count == 1, "the agency sees its client's people")
        #expect(try Self.listed(daemon, as: "gil").isEmpty, "another client's approver sees nothing of it")
        let table = try daemon.ctl(["--as", "ana", "away", "ls"])
        #expect(table.stdout.contains("STANDS IN") && table.stdout.contains("dora"))

        let refusals: [([String], Int32, String)] = [
            (["--as", "carl", "away", "set", "carl", "--until", until], 1, "carl is already away"),
            (["--as", "eve", "away", "set", "carl", "--until", until], 3, "eve may not record carl's absence"),
            (
                ["--as", "dora", "away", "set", "dora", "--until", until, "--to", "pia"], 1,
                "a stand-in reviews for the same side"
            ),
            (["--as", "dora", "away", "set", "dora", "--until", until, "--to", "carl"], 1, "the stand-ins go round"),
            (
                ["--as", "dora", "away", "set", "dora", "--from", "2019-12-01", "--until", "2020-01-01"], 1,
                "lies in the past"
            ),
            (
                ["--as", "dora", "away", "set", "dora", "--from", until, "--until", isoUTC(Date())], 1,
                "ends before it begins"
            ),
            (["--as", "gil", "away", "end", "carl"], 1, "no user \"carl\""),
            (["--as", "dora", "away", "end", "dora"], 3, "dora is not away"),
        ]
        for (arguments, code, reason) in refusals {
            let outcome = try daemon.ctl(arguments)
            #expect(outcome.code == code, "\(arguments): \(outcome.code) \(outcome.stderr)")
            #expect(outcome.stderr.contains(reason), "\(arguments): \(outcome.stderr)")
        }
        #expect(try Self.listed(daemon, as: "ops").count == 1, "no refusal recorded anything")

        let ended = try daemon.ctl(["--as", "ana", "away", "end", "carl"])
        #expect(ended.code == 0, "\(ended.stderr)")
        #expect(ended.stdout.contains("carl is back"))
        #expect(try daemon.ctl(["--as", "carl", "away", "ls"]).stdout.contains("nobody is away"))
        let again = try daemon.ctl(["--as", "carl", "away", "set", "carl", "--until", until, "--to", "dora"])
        #expect(again.code == 0, "once ended, a new absence may begin: \(again.stderr)")
    }
}
