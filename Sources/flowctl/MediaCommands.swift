import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

/// `flowctl alt` and `flowctl move`: one medium's alt text or place.
private func change(_ global: Global, _ id: Int64, _ position: Int, _ change: MediumChange) throws {
    try global.perform(
        { try $0.patch("/v1/drafts/\(id)/media/\(position)", change, as: DraftView.self) },
        human: RenderMedia.changed)
}

struct Attach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Add a picture or video to a draft; creates a revision.",
        discussion: """
            The file is sent as it is; flowd decides its type from its bytes (JPEG, PNG, WebP, GIF or MP4) and \
            removes location metadata unless the lane keeps it.
            """)
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64
    @Argument(help: "The file to attach.") var file: String
    @Option(help: "What the picture shows, for people who cannot see it.") var alt: String?
    @Option(help: "Its place among the draft's media, from 1 (default: last).") var at: Int?

    func run() throws {
        let path =
            "/v1/drafts/\(id)/media"
            + query([
                ("alt", alt), ("position", at.map(String.init)), ("revision", mutation.revision.map(String.init)),
                ("message", mutation.message),
            ])
        try global.perform({ try $0.upload(path, file: file, as: DraftView.self) }, human: RenderMedia.changed)
    }
}

struct Detach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detach", abstract: "Remove a picture or video from a draft; creates a revision.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64
    @Argument(help: "The medium's place, as `flowctl media` lists it.") var position: Int

    func run() throws {
        let path =
            "/v1/drafts/\(id)/media/\(position)"
            + query([("revision", mutation.revision.map(String.init)), ("message", mutation.message)])
        try global.perform(
            { try $0.delete(path, as: DraftView.self) },
            human: RenderMedia.changed)
    }
}

struct Alt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alt", abstract: "Set the alt text of a draft's picture or video; creates a revision.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64
    @Argument(help: "The medium's place, as `flowctl media` lists it.") var position: Int
    @Argument(help: "What it shows.") var text: String

    func run() throws {
        try change(
            global, id, position,
            MediumChange(alt: text, to: nil, revision: mutation.revision, message: mutation.message))
    }
}

struct Move: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move a draft's picture or video to another place; creates a revision.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @OptionGroup var mutation: Mutation
    @Argument(help: "Draft id.") var id: Int64
    @Argument(help: "The medium's place, as `flowctl media` lists it.") var position: Int
    @Argument(help: "Its new place.") var to: Int

    func run() throws {
        try change(
            global, id, position, MediumChange(alt: nil, to: to, revision: mutation.revision, message: mutation.message)
        )
    }
}

struct MediaList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media", abstract: "List a draft's pictures and videos, in the order they are posted.")
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Argument(help: "Draft id.") var id: Int64

    func run() throws {
        try global.perform({ try $0.get("/v1/drafts/\(id)", as: DraftView.self) }, human: RenderMedia.list)
    }
}
