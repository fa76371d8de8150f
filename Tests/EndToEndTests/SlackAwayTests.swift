import Foundation
import Testing

/// A company approver says from a Slack message that they are away: the message a decision is asked in carries the
/// day and the stand-in, and its "I'm away" button records the absence in the presser's own name; picking the day
/// changes nothing, and a press without one is refused with a word to the presser only.
@Suite(.serialized) struct SlackAwayEndToEnd {
    @Test func carlSaysFromSlackThatHeIsAwayWithDoraStandingIn() throws {
        let slack = try TestSink(modes: ["/actions/T1/a": "open", "/actions/T1/b": "open", "/chat": "open"])
        let hooks = try WebhookDaemon.withSlack(slack)
        try hooks.daemon.start()
        try hooks.draftInReview()
        #expect(hooks.daemon.waitFor(30) { slack.requests(to: "/chat").count == 1 })
        let message = try #require(slack.requests(to: "/chat").first?["body"] as? [String: Any])
        let blocks = try #require(message["blocks"] as? [[String: Any]])
        let away = try #require(blocks.first { ($0["block_id"] as? String) == "flowd-away-1" })
        let elements = try #require(away["elements"] as? [[String: Any]])
        #expect(elements.compactMap { $0["type"] as? String } == ["datepicker", "static_select", "button"])
        let options = (elements[1]["options"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
        #expect(options == ["carl", "dora", "-"], "the client's people who may review, or nobody")
        let button = try #require(elements[2]["value"] as? String)
        #expect(button == "away:1:1")

        let respond = "http://127.0.0.1:\(slack.port)/actions/T1/"
        // Picking the day reaches flowd first and asks nothing.
        let picked = try hooks.send(
            "slack", scheme: "slack",
            [
                "--slack-user", "U2CERLKJA", "--slack-action-id", "away_until", "--slack-state",
                #"{"flowd-away-1": {"away_until": {"type": "datepicker", "selected_date": "2030-01-06"}}}"#,
            ])
        #expect(picked.map(\.0) == [200])
        // The button without a day: refused, and only carl hears why.
        let undated = try hooks.send(
            "slack", scheme: "slack",
            ["--slack-user", "U2CERLKJA", "--slack-value", button, "--slack-response-url", respond + "a"])
        #expect(undated.map(\.0) == [400])
        #expect(hooks.daemon.waitFor(30) { slack.requests(to: "/actions/T1/a").count == 1 })
        let why = try #require(slack.requests(to: "/actions/T1/a").first?["body"] as? [String: Any])
        #expect(why["response_type"] as? String == "ephemeral")
        #expect((why["text"] as? String)?.hasPrefix("Pick the day you are back") == true)
        #expect((try hooks.daemon.json(["away", "ls"])["absences"] as? [[String: Any]])?.isEmpty == true)

        let state = """
            {"flowd-away-1": {"away_until": {"type": "datepicker", "selected_date": "2030-01-06"},
              "away_stand_in": {"type": "static_select", "selected_option": {"value": "dora"}}}}
            """
        let saved = try hooks.send(
            "slack", scheme: "slack",
            [
                "--slack-user", "U2CERLKJA", "--slack-value", button, "--slack-state", state,
                "--slack-response-url", respond + "b",
            ])
        #expect(saved.map(\.0) == [200])
        let absences = try #require(try hooks.daemon.json(["away", "ls"])["absences"] as? [[String: Any]])
        #expect(absences.first?["person"] as? String == "carl" && absences.first?["stand_in"] as? String == "dora")
        #expect(absences.first?["set_by"] as? String == "carl")
        #expect(try hooks.daemon.json(["show", "1"])["must_act"] as? [String] == ["dora"])
        #expect(hooks.daemon.waitFor(30) { slack.requests(to: "/actions/T1/b").count == 1 })
        let told = try #require(slack.requests(to: "/actions/T1/b").first?["body"] as? [String: Any])
        #expect((told["text"] as? String)?.contains("You are away until Sun 6 Jan 2030") == true)
        #expect((told["text"] as? String)?.contains("Dora reviews in your place") == true)
    }
}
