// Publish and ack send more than --revision and -m, so they have their own run() instead of conforming to Transition.

import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

/// Shared shape of the verbs that only move a draft along. They take several ids (`approve 4 5 6`): each is judged
/// alone (`Several`).
protocol Transition: ParsableCommand {
    var global: Global { get }
    var mutation: Mutation { get }
    var ids: [Int64] { get }
    static var action: String { get }
}

extension Transition {
    func run() throws {
        let request = ActionRequest(revision: mutation.revision, message: mutation.message)
        let path = { (id: Int64) in "/v1/drafts/\(id)/\(Self.action)" }
        guard ids.count > 1 else {
            try global.perform({ try $0.post(path(ids[0]), request, as: DraftView.self) }, human: Render.moved)
            return
        }
        Several.run(ids, global: global) { client, id in try client.post(path(id), request, as: DraftView.self) }
    }

    func validate() throws { try Several.check(ids, revision: mutation.revision) }
}

struct Submit: Transition {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Send a draft to review.")
    static let action = "submit"
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft ids.") var ids: [Int64]
}

struct Approve: Transition {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve the revision under review.")
    static let action = "approve"
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft ids.") var ids: [Int64]
}

struct Withdraw: Transition {
    static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Withdraw a draft for good.")
    static let action = "withdraw"
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft ids.") var ids: [Int64]
}

struct RequestChanges: Transition {
    static let configuration = CommandConfiguration(
        commandName: "request-changes", abstract: "Send a draft back to its author; -m gives the reason.")
    static let action = "request-changes"
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft ids.") var ids: [Int64]

    func validate() throws {
        try Several.check(ids, revision: mutation.revision)
        if let refusal = Action.requestChanges.refusal(ofMessage: mutation.message) {
            throw ValidationError(refusal.message)
        }
    }
}

struct Comment: Transition {
    static let configuration = CommandConfiguration(
        commandName: "comment", abstract: "Comment on a draft; never changes its state.")
    static let action = "comment"
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft ids.") var ids: [Int64]

    func validate() throws {
        try Several.check(ids, revision: mutation.revision)
        if (mutation.message ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("comment needs a text: -m \"...\"")
        }
    }
}

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Record that an approved draft went live; refuses if the content is not what was approved.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64
    @Option(help: "Where it was published.") var url: String?
    @Option(help: "The publishing tool's id for the post.") var externalId: String?
    @Option(name: .customLong("hash"), help: "Content hash that was published; must equal the approved one.")
    var contentHash: String?

    func run() throws {
        let request = ActionRequest(
            revision: mutation.revision, message: mutation.message, url: url, externalId: externalId,
            contentHash: contentHash)
        try global.perform(
            { try $0.post("/v1/drafts/\(id)/publish", request, as: DraftView.self) }, human: Render.moved)
    }
}

struct Acknowledge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Tell the author you have seen a draft and will decide by a time; escalation waits until then.",
        aliases: ["acknowledge"])
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64
    @Option(help: "Decide by this time: HH:MM (local, next occurrence) or ISO-8601.") var by: String?
    @Option(name: .customLong("for"), help: "Decide within this long, e.g. 2h or 30m.") var within: String?

    func validate() throws {
        guard (by == nil) != (within == nil) else { throw ValidationError("give --by TIME or --for DURATION") }
        if let by { _ = try parseDeadline(by) }
        if let within, TimeSpan(within) == nil { throw ValidationError("--for \(within) is not a duration like 2h") }
    }

    func run() throws {
        let until =
            try by.map { try parseDeadline($0) }
            ?? Date().addingTimeInterval(TimeSpan(within ?? "0s")?.timeInterval ?? 0)
        let request = ActionRequest(revision: mutation.revision, message: mutation.message, until: until)
        try global.perform(
            { try $0.post("/v1/drafts/\(id)/acknowledge", request, as: DraftView.self) }, human: Render.moved)
    }
}
