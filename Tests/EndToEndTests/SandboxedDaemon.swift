import FlowAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private let sandboxScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Browser/unit_sandbox.sh").path

/// flowd as systemd/flowd.service runs it, as far as a test can without systemd (Browser/unit_sandbox.sh): an
/// unprivileged uid, NoNewPrivileges, no capabilities, every file system read-only but its own directory (the
/// unit's StateDirectory; the database, the socket and the sinks' state live there). flowd-mail runs as its
/// command sink, inside all of that. The test runner (root) is the admin and in the socket's group, as the
/// `flowctl` group is under the unit.
final class SandboxedDaemon {
    /// The unit's User=flowd: here a uid no account and no other test uses.
    static let uid = 61100
    let daemon: RunningDaemon
    private var process: Process?

    init(users: String, extra: String) throws {
        daemon = try RunningDaemon(
            users: users.replacingOccurrences(of: "unix_user = \"@self\"", with: "uid = \(getuid())"), extra: extra)
        // The binaries as flowd sees them in the sandbox, and the socket given to the runner's group.
        let config = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
            .replacingOccurrences(of: binDirectory + "/", with: daemon.directory + "/bin/")
            .replacingOccurrences(of: "[daemon]\n", with: "[daemon]\nsocket_group = \"\(getgid())\"\n")
        try config.write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
    }

    deinit {
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// flowd's: the sandbox script and the programs it starts each replace themselves with the next.
    var pid: Int32? { process?.processIdentifier }

    /// Where flowd keeps a command sink's state: FLOWD_SINK_STATE.
    func sinkState(_ sink: String) -> String { daemon.directory + "/sinks/" + sink }

    func start() throws {
        _ = FileManager.default.createFile(atPath: daemon.logPath, contents: nil)
        let log = try #require(FileHandle(forWritingAtPath: daemon.logPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            sandboxScript, "--uid", "\(Self.uid)", "--gid", "\(Self.uid)", "--groups", "\(getgid())",
            "--state", daemon.directory, "--bin", binDirectory, "--",
            daemon.directory + "/bin/flowd", "--config", daemon.configPath,
        ]
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let ready = waitUntil(15) {
            process.isRunning
                && (try? ControlClient(socketPath: daemon.socket).raw(method: "GET", path: "/v1/status", body: nil))
                    != nil
        }
        if !ready { throw StartFailure(log: daemon.log) }
    }
}
