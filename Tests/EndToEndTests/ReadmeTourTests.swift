import FlowAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The README's tour, run as a newcomer runs it: the reference config as it is (on a free port), the daemon as
/// scripts/run starts it, each command in a shell from the directory the tour starts in, the client's side
/// through carl's own mailed link. What each command prints must be what the README says it prints.
@Suite(.serialized) struct ReadmeTourTests {
    @Test func theTourRunsAsTheReadmeShowsIt() throws {
        let readme = try String(contentsOfFile: repository + "/README.md", encoding: .utf8)
        let steps = TourStep.steps(in: readme, section: "## A tour of a draft's life")
        #expect(steps.count >= 12, "the tour's console blocks were not found")
        #expect(TourStep.unrunBlocks(in: readme, section: "## A tour of a draft's life") == 0, "every block runs")
        let work = try TourDirectory()
        defer { work.remove() }
        let daemon = try work.startDaemon()
        defer {
            if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) }
        }
        var report: [String] = []
        for step in steps {
            let ran = try runProgram(
                "/bin/bash", ["-c", "cd \(work.path) && { \(step.command)\n} 2>&1"],
                // What the tour's first line exports, for every later shell.
                environment: [
                    "PATH": work.path + "/var/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? ""),
                    "FLOWD_SOCKET": work.path + "/var/flowd.sock",
                ])
            if ran.code != step.exitCode || !step.matches(ran.stdout) {
                report.append(
                    "$ \(step.command)\n  exit \(ran.code) (README: \(step.exitCode)); it printed:\n\(ran.stdout)"
                        + "the README shows:\n\(step.expected.joined(separator: "\n"))\n")
            }
        }
        #expect(report.isEmpty, "\(report.joined(separator: "\n"))")
        // Ctrl-C in the tour: flowd finishes and exits 0.
        kill(daemon.processIdentifier, SIGINT)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0, "\(work.log)")
    }
}

/// A fresh checkout's view of the tour: config.toml and scripts/review, the programs linked under var/bin as
/// scripts/run links them.
private struct TourDirectory {
    let path = NSTemporaryDirectory() + "flowd-tour-" + UUID().uuidString.prefix(8)

    init() throws {
        let files = FileManager.default
        try files.createDirectory(atPath: path + "/var/bin", withIntermediateDirectories: true)
        try files.createDirectory(atPath: path + "/scripts", withIntermediateDirectories: true)
        // Another daemon (a developer's scripts/run) may hold the reference port.
        let port = testPort()
        let config = try String(contentsOfFile: repository + "/config.toml", encoding: .utf8)
            .replacingOccurrences(of: "127.0.0.1:8787", with: "127.0.0.1:\(port)")
        try config.write(toFile: path + "/config.toml", atomically: true, encoding: .utf8)
        try files.copyItem(atPath: repository + "/scripts/review", toPath: path + "/scripts/review")
        for program in ["flowd", "flowctl", "flowd-mail"] {
            try files.createSymbolicLink(
                atPath: path + "/var/bin/" + program, withDestinationPath: binDirectory + "/" + program)
        }
    }

    var log: String { (try? String(contentsOfFile: path + "/flowd.log", encoding: .utf8)) ?? "" }

    func startDaemon() throws -> Process {
        _ = FileManager.default.createFile(atPath: path + "/flowd.log", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path + "/var/bin/flowd")
        process.arguments = ["--config", "config.toml"]
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "FLOWD_SOCKET")
        process.environment = environment
        process.standardOutput = FileHandle(forWritingAtPath: path + "/flowd.log")
        process.standardError = FileHandle(forWritingAtPath: path + "/flowd.log")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let ready = waitUntil(15) {
            (try? ControlClient(socketPath: path + "/var/flowd.sock").raw(method: "GET", path: "/v1/status", body: nil))
                != nil
        }
        if !ready || !process.isRunning {
            // Not left running behind a failed start: the caller's defer that stops it is not set up yet.
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try #require(Bool(false), "flowd did not start:\n\(log)")
        }
        return process
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
