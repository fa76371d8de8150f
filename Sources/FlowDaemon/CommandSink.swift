import AsyncHTTPClient
import FlowConfig
import FlowCore
import FlowStore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A `command` sink: the payload on standard input, the headers in the environment, exit status 0 is success.
/// It runs in a process group of its own (Foundation's `Process` makes one on Linux) so that a timeout can
/// stop it with everything it started, and with a small environment, never flowd's own: that holds
/// `CREDENTIALS_DIRECTORY`, `NOTIFY_SOCKET` and whatever else systemd gave the daemon.
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true)
        let output = Pipe()
        process.standardOutput = output
        let said = OutputTail(output.fileHandleForReading)
        defer { said.finish() }
        let stdin = Pipe()
        process.standardInput = stdin
        let exited = ExitSignal()
        process.terminationHandler = { exited.fire(status: $0.terminationStatus, reason: $0.terminationReason) }
        do {
            try process.run()
        } catch {
            return Notifier.Outcome(error: "cannot start \(argv[0]): \(error)")
        }
        // Written off the cooperative pool: a program that never reads its input must not block a Swift thread.
        let writer = stdin.fileHandleForWriting
        DispatchQueue.global().async {
            try? writer.write(contentsOf: input)
            try? writer.close()
        }
        let finished = await exited.wait(atMost: timeout)
        guard let (status, reason) = finished else {
            // SIGKILL, not terminate(): a child inherits flowd's ignored SIGTERM (the service group handles it).
            // The whole group: a shell's children would otherwise live on, reparented to init.
            let pid = process.processIdentifier
            if getpgid(pid) == pid { kill(-pid, SIGKILL) } else { kill(pid, SIGKILL) }
            _ = await exited.wait(atMost: 5)
            return Notifier.Outcome(error: "\(argv[0]) did not finish within \(timeout)s and was stopped")
        }
        if reason == .uncaughtSignal { return Notifier.Outcome(error: "\(argv[0]) was killed by signal \(status)") }
        // A child the command left running may hold its output open: what was said by now is what counts.
        let line = await said.lastLine(waitingAtMost: 0.2)
        guard status == 0 else {
            return Notifier.Outcome(error: "\(argv[0]) exited with \(status)" + (line.map { ": \($0)" } ?? ""))
        }
        return Notifier.Outcome(
            commandSaid: "exit 0" + (line.map { ": \($0)" } ?? ""), skipped: CommandOutcome.isSkipped(lastLine: line))
    }
}
