import ArgumentParser
import FlowAPI
import Foundation

struct Links: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "Review links of a draft: the pages its reviewers decide on without an account.",
        discussion: """
            flowctl links ID lists a draft's live links (--all: every link) and whom each address was shown to. A \
            link is its person's alone: flowctl links new ID --for USER mints one and prints its address, for that \
            person themselves or an admin (the draft's history records who saw it, and a decision through a link \
            its revision's writer saw is refused: four eyes); flowctl links send ID --for USER mints one and sends \
            it through the person's own channels (the JSON and command sinks that take reminders), for the agency's people; \
            flowctl links revoke ID [--for USER] ends them.
            """,
        subcommands: [ListLinks.self, NewLink.self, SendLink.self, RevokeLinks.self],
        defaultSubcommand: ListLinks.self)

    struct ListLinks: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List a draft's links.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Argument(help: "Draft id.") var id: Int64
        @Flag(help: "Also links that were used, revoked, superseded or expired.") var all = false

        func run() throws {
            try global.perform(
                { try $0.get("/v1/drafts/\(id)/links" + (all ? "?all=true" : ""), as: LinkList.self) },
                human: Render.links)
        }
    }

    struct NewLink: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new", abstract: "Mint a link for a reviewer of a draft in review and print it.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Argument(help: "Draft id.") var id: Int64
        @Option(name: .customLong("for"), help: "The reviewer the link is for: yourself, unless you are an admin.")
        var user: String

        func run() throws {
            try global.perform(
                { try $0.post("/v1/drafts/\(id)/links", NewLinkRequest(user: user), as: NewLinkView.self) },
                human: { "\($0.url)\n(for \($0.user), revision \($0.revision), until \(Render.time($0.expiresAt)))" })
        }
    }

    struct SendLink: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send", abstract: "Mint a link for a reviewer and send it to them; nobody else sees it.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Argument(help: "Draft id.") var id: Int64
        @Option(name: .customLong("for"), help: "The reviewer the link is for.") var user: String

        func run() throws {
            try global.perform(
                { try $0.post("/v1/drafts/\(id)/links/send", NewLinkRequest(user: user), as: SentLinkView.self) },
                human: {
                    "sent \($0.user) a link to revision \($0.revision) (\($0.hash), until "
                        + "\(Render.time($0.expiresAt))) through \($0.sinks.joined(separator: ", "))"
                })
        }
    }

    struct RevokeLinks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "End a draft's live links, or one reviewer's.")
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Argument(help: "Draft id.") var id: Int64
        @Option(name: .customLong("for"), help: "Only this reviewer's links.") var user: String?

        func run() throws {
            try global.perform(
                {
                    try $0.post(
                        "/v1/drafts/\(id)/links/revoke", RevokeLinksRequest(user: user), as: RevokedLinks.self)
                },
                human: { "draft \($0.draft): \($0.revoked) link\($0.revoked == 1 ? "" : "s") revoked" })
        }
    }
}
