import FlowCore
import FlowProcess
import Foundation
import SystemPackage

/// A `command` sink: the payload on standard input, the headers in the environment, exit status 0 is success.
/// It runs as a `ChildProgram` (a process group of its own, which a timeout stops whole) with a small environment,
/// never flowd's own: that holds `CREDENTIALS_DIRECTORY`, `NOTIFY_SOCKET` and whatever else systemd gave the
/// daemon.
enum CommandSink {
    /// What every command sink gets besides the signature headers, `FLOWD_EVENT_TYPE`, `FLOWD_DRAFT` and
    /// `FLOWD_SINK_STATE`.
    static let baseEnvironment = [
        "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/nonexistent",
    ]

    /// `<the database's directory>/sinks/<sink>`, made 0700 on first use: a directory of the sink's own that
    /// outlives its attempts (flowd-mail records there whom it has mailed, so a retry skips them). Under the unit
    /// it is inside the StateDirectory, the one place ProtectSystem=strict leaves writable. nil if it cannot be
    /// made: the sink then runs without one.
    static func stateDirectory(database: String, sink: String) -> String? {
        let sinks = URL(fileURLWithPath: database).deletingLastPathComponent().path + "/sinks"
        let directory = sinks + "/" + sink
        for path in [sinks, directory] where mkdir(path, 0o700) != 0 && errno != EEXIST { return nil }
        return directory
    }

    /// Runs the command in `directory` (the config file's: relative paths in its arguments mean what they mean
    /// in the file).
    static func run(
        _ argv: [String], input: [UInt8], environment: [String: String], in directory: String, timeout: Double
    ) async -> Notifier.Outcome {
        let output: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
        do {
            output = try FileDescriptor.pipe()
        } catch {
            return Notifier.Outcome(error: "cannot start \(argv[0]): \(error)")
        }
        let said = OutputTail(output.readEnd.rawValue)
        defer { said.finish() }
        let ending = await ChildProgram.run(
            argv, input: input, environment: environment, in: directory, output: output.writeEnd,
            timeout: .milliseconds(Int64(timeout * 1000)))
        switch ending {
        case .notStarted(let reason):
            return Notifier.Outcome(error: "cannot start \(argv[0]): \(reason)")
        case .timedOut:
            return Notifier.Outcome(error: "\(argv[0]) did not finish within \(timeout)s and was stopped")
        case .signaled(let signal):
            return Notifier.Outcome(error: "\(argv[0]) was killed by signal \(signal)")
        case .exited(let status):
            // A child the command left running may hold its output open: what was said by now is what counts.
            let line = await said.lastLine(waitingAtMost: 0.2)
            guard status == 0 else {
                return Notifier.Outcome(error: "\(argv[0]) exited with \(status)" + (line.map { ": \($0)" } ?? ""))
            }
            return Notifier.Outcome(
                commandSaid: "exit 0" + (line.map { ": \($0)" } ?? ""),
                skipped: CommandOutcome.isSkipped(lastLine: line))
        }
    }
}
