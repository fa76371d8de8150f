import ArgumentParser
import FlowAPI
import Foundation

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the live database to PATH (needs role admin).",
        discussion: """
            The daemon writes the copy (SQLite VACUUM INTO) as its own user while it keeps serving; PATH must not
            exist. Restore: stop flowd, replace the database file with the copy (and remove any -wal and -shm
            files next to it), start flowd.
            """)
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Argument(help: "Where to write the copy.") var path: String

    func run() throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        try global.perform(
            { try $0.post("/v1/backup", BackupRequest(path: absolute), as: BackupView.self) },
            human: { "backup written to \($0.path) (\($0.bytes) bytes in \(String(format: "%.2f", $0.seconds))s)" })
    }
}
