import ArgumentParser

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
        subcommands: [
            New.self, Edit.self, Submit.self, Approve.self, RequestChanges.self, Publish.self, Withdraw.self,
            Comment.self, Acknowledge.self, List.self, Show.self, Log.self, Agenda.self, Policy.self, Status.self,
            Deliveries.self, Links.self, Backup.self, Events.self, Report.self, CalendarCommand.self,
            CrisisCommand.self, TemplateCommand.self,
        ]
    )

    // Global options are accepted before the verb as well as after it.
    @OptionGroup var global: Global
}
