import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

/// `flowctl away set|ls|end`: people away, and who reviews in their place.
struct AwayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "away",
        abstract: "Absences: who is away, until when, and who stands in.",
        discussion: """
            set records that a person is away from --from (default: now) until --until, with --to reviewing in \
            their place: someone on the same side who may review on every client the person reviews. A plain date \
            means midnight at its start in this machine's time zone, so --until 2027-01-06 means back on 6 January. \
            The person themselves, an admin, or an agency person who works on their clients may set or end it. One \
            absence at a time per person; chains of stand-ins (carl → dora → eve) may be at most three long and \
            never go round.
            """,
        subcommands: [Record.self, List.self, End.self], defaultSubcommand: List.self)

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Record an absence.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Argument(help: "Who is away.") var person: String
        @Option(help: "When the absence begins (ISO-8601 or YYYY-MM-DD; default: now).") var from: String?
        @Option(help: "When the person is back (ISO-8601 or YYYY-MM-DD).") var until: String
        @Option(name: .customLong("to"), help: "Who reviews in their place.") var standIn: String?
        @Option(name: [.customShort("m"), .long], help: "What their links and notices say meanwhile.")
        var message: String?

        func run() throws {
            let request = AbsenceRequest(
                person: person, from: try from.map { try parseTimeOrDate($0) } ?? Date(),
                until: try parseTimeOrDate(until),
                standIn: standIn, message: message)
            try global.perform({ try $0.post("/v1/absences", request, as: AbsenceView.self) }) { view in
                "\(view.person) is away from \(Render.time(view.from)) until \(Render.time(view.until))"
                    + (view.standIn.map { "; \($0) stands in" } ?? "; nobody stands in: reviews escalate at once")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls", abstract: "The absences under way and to come.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }

        func run() throws {
            try global.perform({ try $0.get("/v1/absences", as: AbsenceList.self) }) { list in
                guard !list.absences.isEmpty else { return "nobody is away" }
                return Render.table(
                    ["PERSON", "FROM", "UNTIL", "STANDS IN", "SET BY", "MESSAGE"],
                    list.absences.map {
                        [
                            $0.person, Render.time($0.from), Render.time($0.until), $0.standIn ?? "-", $0.setBy,
                            $0.message ?? "",
                        ]
                    })
            }
        }
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "end", abstract: "End a person's absence now (or call off the next one).")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Argument(help: "Who is back.") var person: String

        func run() throws {
            try global.perform(
                { try $0.post("/v1/absences/end", EndAbsenceRequest(person: person), as: AbsenceView.self) }
            ) { view in "\(view.person) is back (absence \(view.id) ended)" }
        }
    }
}
