import ArgumentParser
import FlowAPI
import Foundation

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract:
            "Write a consistent copy of the live database and its media to the directory PATH (needs role admin).",
        discussion: """
            The daemon writes PATH/flowd.db (SQLite's online backup) and PATH/media (every picture and video that \
            copy names) as its own user while it keeps serving; PATH must not exist. Restore: stop flowd, put \
            PATH/flowd.db in place of the database (and remove any -wal and -shm files next to it), copy \
            PATH/media into the database's directory, start flowd (docs/operations.md, "Backups").
            """)
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Argument(help: "Where to write the copy.") var path: String

    func run() throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        try global.perform(
            { try $0.post("/v1/backup", BackupRequest(path: absolute), as: BackupView.self) },
            human: {
                "backup written to \($0.path) (database \($0.bytes) bytes, \($0.media ?? 0) media, "
                    + "\(String(format: "%.2f", $0.seconds))s)"
            })
    }
}
