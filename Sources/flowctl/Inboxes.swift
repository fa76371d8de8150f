import ArgumentParser
import FlowAPI
import Foundation

struct Inboxes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "Inbox links of the clients' people: a page per person and client of the posts waiting for them.",
        discussion: """
            Whoever gets a review link gets an inbox link for that draft's client with it, in the same notice. \
            flowctl inbox lists the live ones of the clients you work on (--for USER: one person's; --all: the \
            ended ones too), by a short hash of the address, never the address. flowctl inbox revoke --for USER \
            [--client C] ends a person's inbox links, for instance when a mail was forwarded: the address then \
            opens nothing, and the next notice to that person brings a new one. For the agency and admins.
            """,
        subcommands: [ListInboxes.self, RevokeInboxes.self],
        defaultSubcommand: ListInboxes.self)

    struct ListInboxes: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the people's inbox links.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Option(name: .customLong("for"), help: "Only this person's.") var user: String?
        @Flag(help: "Also links that were revoked or expired.") var all = false

        func run() throws {
            let path = "/v1/inboxes" + query([("user", user), ("all", all ? "true" : nil)])
            try global.perform({ try $0.get(path, as: InboxLinkList.self) }, human: Render.inboxes)
        }
    }

    struct RevokeInboxes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "End a person's inbox links; the next notice brings a new one.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Option(name: .customLong("for"), help: "The person whose inbox links end.") var user: String
        @Option(help: "Only the inbox link for this client.") var client: String?

        func run() throws {
            try global.perform(
                {
                    try $0.post(
                        "/v1/inboxes/revoke", RevokeInboxesRequest(user: user, client: client), as: RevokedInboxes.self)
                },
                human: { "\($0.user): \($0.revoked) inbox link\($0.revoked == 1 ? "" : "s") revoked" })
        }
    }
}
