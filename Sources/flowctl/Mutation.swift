import ArgumentParser

/// Options of every mutating verb.
struct Mutation: ParsableArguments {
    @Option(help: "Refuse if the draft is no longer at this revision.")
    var revision: Int?

    @Option(name: [.short, .customLong("message")], help: "Why: recorded in the draft's history.")
    var message: String?
}
