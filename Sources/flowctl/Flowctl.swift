import ArgumentParser
import FlowCore
import Foundation

/// flowctl: the command-line client of flowd's control socket.
@main
struct Flowctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flowctl",
        abstract: "Drive flowd: drafts through draft → review → approved → published.",
        discussion: """
            Exit codes: 0 ok, 1 error, 3 refused transition or stale revision, 4 not found, 64 usage,
            69 daemon unreachable. Shell completion: flowctl --generate-completion-script bash|zsh|fish.
            """,
        version: "0.1.0",
        subcommands: Action.allCases.map(verb(for:)) + [
            List.self, Show.self, Log.self, Agenda.self, Policy.self, Status.self, Deliveries.self, Links.self,
            Inboxes.self,
            Backup.self, Events.self, Report.self, CalendarCommand.self, CrisisCommand.self, TemplateCommand.self,
            AwayCommand.self,
            Attach.self, Detach.self, Alt.self, Move.self, MediaList.self,
        ]
    )

    /// The verb of each action of the state table, in the table's order. A switch rather than a list, so that a new
    /// action does not build until it has its verb here.
    static func verb(for action: Action) -> any ParsableCommand.Type {
        switch action {
        case .create: New.self
        case .edit: Edit.self
        case .submit: Submit.self
        case .approve: Approve.self
        case .requestChanges: RequestChanges.self
        case .publish: Publish.self
        case .withdraw: Withdraw.self
        case .comment: Comment.self
        case .acknowledge: Acknowledge.self
        }
    }

    // Global options are accepted before the verb as well as after it.
    @OptionGroup var global: Global

    /// ArgumentParser's main, with a "did you mean" for a mistyped verb or help topic (ArgumentParser has its own for
    /// options).
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // A verb's aliases are verbs too (`acknowledge` for `ack`).
        let verbs = configuration.subcommands.flatMap { [$0._commandName] + $0.configuration.aliases }
        if let usage = Suggest.usageError(arguments, verbs: verbs) ?? unknownOption(arguments) {
            FileHandle.standardError.write(Data("flowctl: \(usage)\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(arguments)
    }

    /// An option the verb (or its sub-verb: `away set`) does not have, with the nearest one it has.
    static func unknownOption(_ arguments: [String]) -> String? {
        var command: any ParsableCommand.Type = Flowctl.self
        // Sub-verbs are looked for past options too (`links --json new 5`), as ArgumentParser takes global options
        // anywhere; what is checked is everything from the verb on.
        var verb: Int?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let word = arguments[index]
            if word.hasPrefix("-") {
                index += Suggest.optionsWithValues.contains(word) ? 2 : 1
                continue
            }
            guard
                let sub = command.configuration.subcommands.first(where: {
                    $0._commandName == word || $0.configuration.aliases.contains(word)
                })
            else { break }
            command = sub
            verb = verb ?? index
            index += 1
        }
        guard let verb else { return nil }
        var help = Flowctl.helpMessage(for: command, columns: 1_000)
        // `calendar --from …` is `calendar show --from …`: the default sub-verb's options count too.
        if let fallback = command.configuration.defaultSubcommand {
            help += Flowctl.helpMessage(for: fallback, columns: 1_000)
        }
        return Suggest.unknownOption(Array(arguments[verb...]), options: Suggest.optionNames(inHelp: help))
    }
}
