import FlowConfig
import FlowCore
import FlowRender
import Foundation
import Testing

@Suite struct NotifyConfigTests {
    @Test func aSinkTakesItsTargetFormatEventsClientsAndRetryRules() throws {
        let config = try parse(
            validUsers + """
                [[clients]]
                id = "acme"

                [[notify]]
                name = "relay"
                command = ["/usr/local/bin/mail-relay", "--to", "ops"]
                events = ["draft.escalated", "deadline_missed"]
                clients = ["acme"]
                timeout = "2s"
                max_attempts = 4
                max_age = "2h"
                backoff = "250ms"
                max_backoff = "1m"

                [[notify]]
                name = "chat"
                url = "https://hooks.slack.com/services/T0/B0/xyz"
                format = "slack"

                [[notify]]
                name = "hook"
                url = "http://127.0.0.1:9000/flowd"
                secret = "whsec_c2VjcmV0"
                """)
        #expect(config.sinks.map(\.name) == ["relay", "chat", "hook"])
        let relay = config.sinks[0]
        #expect(relay.target == .command(["/usr/local/bin/mail-relay", "--to", "ops"]))
        #expect(relay.route.types == [.escalated, .deadlineMissed])
        #expect(relay.route.clients == ["acme"])
        #expect(relay.timeout == 2)
        #expect(relay.policy == DeliveryPolicy(maxAttempts: 4, maxAge: TimeSpan("2h")!, baseDelay: 0.25, maxDelay: 60))
        let chat = config.sinks[1]
        #expect(chat.route.format == .slack && chat.secret == nil && chat.timeout == 10)
        #expect(chat.route.types == Set(NotificationType.allCases) && chat.route.clients == nil)
        #expect(config.sinks[2].secret != nil)
        #expect(config.outboxPlanner(rendering: NoticeRenderer()).routes.count == 3)
    }

    @Test func badSinksAreRefusedLineByLine() {
        let found = issues(
            validUsers + """
                [[notify]]
                name = "a"
                url = "ftp://example.com/x"

                [[notify]]
                name = "b"
                url = "http://127.0.0.1:9/x"
                command = "cat"
                secret = "whsec_c2VjcmV0"

                [[notify]]
                name = "c"
                url = "http://127.0.0.1:9/x"

                [[notify]]
                name = "d"
                command = ["relative/path"]
                events = ["submitted", "exploded"]
                clients = ["globex"]
                timeout = "5x"

                [[notify]]
                name = "a"
                format = "xml"
                """)
        let messages = found.map(\.message)
        #expect(messages.contains { $0.contains("notify[0].url must be an http:// or https:// URL") })
        #expect(messages.contains { $0.contains("sets both url and command") })
        #expect(messages.contains { $0.contains("json sink \"c\" needs a signing secret") })
        #expect(messages.contains { $0.contains("absolute path") })
        #expect(messages.contains { $0.contains("unknown event \"exploded\"") })
        #expect(messages.contains { $0.contains("unknown client \"globex\"") })
        #expect(messages.contains { $0.contains("\"5x\" is not a duration") })
        #expect(messages.contains { $0.contains("defined twice") })
        #expect(messages.contains { $0.contains("must be json or slack") })
        #expect(messages.contains { $0.contains("needs url or command") })
        #expect(found.allSatisfy { $0.line != nil })
    }

    @Test func aBareProgramNameIsTheProgramBesideFlowdNeverOneOnPath() throws {
        var host = TableHost(users: ["ops": 1000])
        host.programDirectory = "/opt/flowd/bin"
        let sink = """
            [[notify]]
            name = "mail"
            command = ["flowd-mail", "--maildir", "var/mail"]
            """
        let config = try ConfigLoader.parse(validUsers + sink, path: "t.toml", baseDirectory: "/srv", host: host)
        #expect(config.sinks.first?.target == .command(["/opt/flowd/bin/flowd-mail", "--maildir", "var/mail"]))
        for program in ["../flowd-mail", "bin/flowd-mail", "-x", ".hidden", ""] {
            let found = issues(validUsers + sink.replacingOccurrences(of: "\"flowd-mail\"", with: "\"\(program)\""))
            #expect(found.contains { $0.message.contains("a program beside flowd") }, "\(program)")
        }
    }

    /// Issue 33: one spelling per event kind. A sink asks for events as flowctl log and the event stream spell them;
    /// the names receivers match on are taken too, for configs written before.
    @Test func aSinkNamesEventsByTheKindsOwnSpellingAndTheOldNamesStillWork() throws {
        func types(_ events: String) throws -> Set<NotificationType> {
            let config = try parse(
                validUsers + "[[notify]]\nname = \"mail\"\ncommand = \"cat\"\nevents = [\(events)]\n")
            return try #require(config.sinks.first).route.types
        }
        #expect(try types(#""request-changes", "remind""#) == [.changesRequested, .reminder])
        #expect(try types(#""approve""#) == [.approvalGiven, .approved])
        #expect(try types(#""approved", "draft.changes_requested""#) == [.approved, .changesRequested])
        #expect(try types(#""stand-in", "deadline-missed", "digest""#) == [.handedOver, .deadlineMissed, .digest])
        // Every type has a kind spelling that flowctl's verbs, log and events use (or is about no one draft).
        for type in NotificationType.allCases where type != .digest && type != .crisis {
            #expect(EventKind(rawValue: type.kindName) != nil, "\(type)")
        }
        let found = issues(validUsers + "[[notify]]\nname = \"m\"\ncommand = \"cat\"\nevents = [\"requested\"]\n")
        #expect(found.contains { $0.message.contains("events are submit, approve, request-changes") }, "\(found)")
    }
}
