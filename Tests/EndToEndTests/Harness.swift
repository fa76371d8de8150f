import FlowAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished command left behind.
struct Outcome {
    var code: Int32
    var stdout: String
    var stderr: String
}

/// Where the built binaries are: $FLOWD_BIN_DIR (scripts/test sets it), else next to the test runner.
let binDirectory: String = {
    if let dir = ProcessInfo.processInfo.environment["FLOWD_BIN_DIR"], !dir.isEmpty { return dir }
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: exe).deletingLastPathComponent().path
}()

/// Runs a program to completion, with output captured through files so that large outputs cannot block it.
func runProgram(_ path: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:])
    throws -> Outcome
{
    let scratch = NSTemporaryDirectory() + "flowd-run-" + UUID().uuidString.prefix(8)
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let outPath = scratch + "/out"
    let errPath = scratch + "/err"
    let inPath = scratch + "/in"
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    _ = FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "FLOWD_SOCKET")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    process.standardOutput = FileHandle(forWritingAtPath: outPath)
    process.standardError = FileHandle(forWritingAtPath: errPath)
    process.standardInput = stdin == nil ? FileHandle.nullDevice : FileHandle(forReadingAtPath: inPath)
    try process.run()
    process.waitUntilExit()
    return Outcome(
        code: process.terminationStatus,
        stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
        stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
}

/// A flowd running from the built binary on its own socket and database in a temporary directory.
final class RunningDaemon {
    let directory: String
    let socket: String
    let database: String
    let configPath: String
    private var process: Process?
    /// Extra environment for flowd, e.g. CREDENTIALS_DIRECTORY.
    var environment: [String: String] = [:]
    /// A program and its arguments that flowd is started through, ending in one that execs flowd (so `pid` is
    /// flowd's), e.g. `unshare` for a mount namespace of its own.
    var launcher: [String] = []

    static let standardUsers = """
        [[users]]
        name = "ops"
        side = "agency"
        roles = ["admin"]
        unix_user = "@self"

        [[users]]
        name = "ana"
        side = "agency"
        roles = ["author"]
        uid = 61001

        [[users]]
        name = "bob"
        side = "agency"
        roles = ["author", "approver"]
        uid = 61002

        [[users]]
        name = "pia"
        side = "agency"
        roles = ["publisher"]
        uid = 61003

        [[users]]
        name = "carl"
        side = "company"
        roles = ["approver"]
        uid = 61004

        [[users]]
        name = "eve"
        side = "company"
        roles = ["approver"]
        uid = 61005

        [[users]]
        name = "dora"
        side = "company"
        roles = ["approver"]
        uid = 61006

        [[clients]]
        id = "acme"
        name = "ACME"
        approvers = ["carl"]
        backup_approvers = ["dora"]

        """

    /// A second client, globex, with its own approver gil (uid 61007).
    static let globex = """
        [[users]]
        name = "gil"
        side = "company"
        roles = ["approver"]
        uid = 61007

        [[clients]]
        id = "globex"
        approvers = ["gil"]

        """

    init(users: String = RunningDaemon.standardUsers, extra: String = "") throws {
        directory = NSTemporaryDirectory() + "flowd-e2e-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        socket = directory + "/flowd.sock"
        database = directory + "/flowd.db"
        configPath = directory + "/config.toml"
        let config = """
            [daemon]
            socket = "flowd.sock"
            database = "flowd.db"
            max_body_bytes = 65536
            log_level = "info"

            \(users)
            \(extra)
            """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    deinit {
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    var flowd: String { binDirectory + "/flowd" }
    var flowctl: String { binDirectory + "/flowctl" }
    var logPath: String { directory + "/flowd.log" }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Starts flowd and returns once its socket answers.
    func start() throws {
        try #require(FileManager.default.isExecutableFile(atPath: flowd), "build first: no \(flowd)")
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let handle = try #require(FileHandle(forWritingAtPath: logPath))
        handle.seekToEndOfFile()
        let process = Process()
        let command = launcher + [flowd, "--config", configPath]
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        process.standardError = handle
        process.standardOutput = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if !process.isRunning { throw StartFailure(log: log) }
            if (try? ControlClient(socketPath: socket).raw(method: "GET", path: "/v1/status", body: nil)) != nil {
                return
            }
            usleep(20_000)
        }
        throw StartFailure(log: log)
    }

    /// Sends SIGTERM and returns flowd's exit status.
    @discardableResult
    func stop() -> Int32 {
        guard let process else { return -1 }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    var pid: Int32? { process?.processIdentifier }

    /// SIGKILL: no graceful anything, as in a crash or power loss.
    func crash() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Unix accounts of the standard users: flowctl runs under them, so every person is a real peer.
    static let uids: [String: Int] = [
        "ana": 61001, "bob": 61002, "pia": 61003, "carl": 61004, "eve": 61005, "dora": 61006, "gil": 61007,
    ]
    /// Extra people a test's config maps to uids of their own.
    var uids = RunningDaemon.uids

    /// Runs the built flowctl against this daemon. A leading `--as NAME` for a person with a uid runs flowctl
    /// as that Unix account (as root, through setpriv), so each person acts in their own name; `impersonate`
    /// keeps `--as`, for the admin acting for another.
    func ctl(_ arguments: [String], stdin: String? = nil, impersonate: Bool = false) throws -> Outcome {
        if !impersonate, arguments.count >= 2, arguments[0] == "--as", let uid = uids[arguments[1]] {
            return try ctl(uid: uid, Array(arguments.dropFirst(2)), stdin: stdin)
        }
        return try runProgram(flowctl, ["--socket", socket] + arguments, stdin: stdin)
    }

    /// Runs flowctl as another Unix account, in the daemon's group so the socket (0660) admits it.
    func ctl(uid: Int, _ arguments: [String], stdin: String? = nil) throws -> Outcome {
        try runProgram(
            "/usr/bin/setpriv",
            ["--reuid=\(uid)", "--regid=\(getgid())", "--clear-groups", "--", flowctl, "--socket", socket] + arguments,
            stdin: stdin)
    }

    func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try ctl(arguments + ["--json"])
        guard outcome.code == 0 else {
            Issue.record("flowctl \(arguments) exited \(outcome.code): \(outcome.stderr)")
            return [:]
        }
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
        return object as? [String: Any] ?? [:]
    }

    var client: ControlClient { ControlClient(socketPath: socket) }

    /// The actions in a draft's history.
    func actions(_ id: Int) throws -> [String] {
        let events = try json(["log", "\(id)"])["events"] as? [[String: Any]] ?? []
        return events.compactMap { $0["action"] as? String }
    }

    /// Polls until `condition` holds or `seconds` pass; the escalator fires on its own schedule.
    func waitFor(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }
}

struct StartFailure: Error, CustomStringConvertible {
    var log: String
    var description: String { "flowd did not become ready:\n\(log)" }
}

/// A TCP port for a test's listener: below the kernel's ephemeral range (32768 and up here), where outgoing
/// connections never take it, and free when asked (a random port in the ephemeral range once collided).
func testPort() -> Int {
    while true {
        let port = Int.random(in: 20_000...32_000)
        if onLoopback(port, bind) == 0 { return port }
    }
}

/// Starts a helper server that binds a port of its own choosing and prints it as its first line; returns the port.
func runReportingPort(_ process: Process) throws -> Int {
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    try process.run()
    var line = Data()
    while !line.contains(10) {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line.append(chunk)
    }
    return try #require(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
func listening(_ port: Int) -> Bool { onLoopback(port, connect) == 0 }

/// `call` (bind or connect) on a new TCP socket with 127.0.0.1:`port`; the socket is closed after.
private func onLoopback(
    _ port: Int, _ call: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32
) -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            call(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
}

/// Whether `condition` holds within `seconds`, asked every 20 ms.
func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}
