import Subprocess
import Synchronization
public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A program flowd or flowd-mail runs and waits for (a command sink, a sendmail): its input written, its end
/// awaited with a time limit.
///
/// Its end is the program's own exit, seen through a pidfd (swift-subprocess): a child the program leaves running
/// does not make the program look alive, as it did with Foundation's `Process`, which took the program for running
/// as long as anything held the socket it gave it, so a sink that started something in the background timed out
/// and was sent again. The program runs in a process group of its own, so that a timeout stops it with everything
/// it started (SIGKILL: it was started with every signal at its default, but a shell's children need the group).
public enum ChildProgram {
    /// How a run ended.
    public enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// The time limit passed; the program's group was killed.
        case timedOut
        /// The program could not be started, and why.
        case notStarted(String)
    }

    /// Runs `argv` with `input` on its standard input and its standard output on `output` (closed here once the
    /// program has it); its standard error is the caller's, so what it says goes to flowd's log. `environment` nil keeps the caller's; `directory` nil keeps
    /// the caller's working directory.
    public static func run(
        _ argv: [String], input: [UInt8], environment: [String: String]?, in directory: String?,
        output: FileDescriptor, timeout: Duration
    ) async -> Ending {
        Self.brokenPipesFail
        var options = PlatformOptions()
        options.processGroupID = 0
        let group = Group()
        let configuration = Configuration(
            executable: .path(FilePath(argv[0])), arguments: Arguments(Array(argv.dropFirst())),
            environment: environment.map { .custom(keyed($0)) } ?? .inherit,
            workingDirectory: directory.map { FilePath($0) }, platformOptions: options)
        do {
            let status = try await withThrowingTaskGroup(of: TerminationStatus?.self) { tasks in
                tasks.addTask {
                    try await Subprocess.run(
                        configuration, input: .inputWriter,
                        output: .fileDescriptor(output, closeAfterSpawningProcess: true),
                        error: FileDescriptorOutput.currentStandardError
                    ) { execution in
                        group.started(execution.processIdentifier.value)
                        // A program that stops reading, or never reads, ends the writing; what it took is its own.
                        _ = try? await execution.standardInputWriter.write(input)
                        try? await execution.standardInputWriter.finish()
                    }.terminationStatus
                }
                tasks.addTask {
                    try await Task.sleep(for: timeout)
                    group.expire()
                    return nil
                }
                defer { tasks.cancelAll() }
                while let next = try await tasks.next() {
                    if let status = next { return status }
                }
                throw CancellationError()
            }
            if group.expired { return .timedOut }
            switch status {
            case .exited(let code): return .exited(code)
            case .signaled(let signal): return .signaled(signal)
            }
        } catch is CancellationError {
            group.expire()
            return .timedOut
        } catch {
            return .notStarted("\(error)")
        }
    }

    /// A program that exits without reading all its input must fail a write, not end the caller with SIGPIPE: once
    /// for the whole process, as daemons do (the program itself starts with every signal at its default).
    private static let brokenPipesFail: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    private static func keyed(_ environment: [String: String]) -> [Environment.Key: String] {
        var keyed: [Environment.Key: String] = [:]
        for (name, value) in environment {
            if let key = Environment.Key(rawValue: name) { keyed[key] = value }
        }
        return keyed
    }

    /// The program's process group, once it has one, and whether the time limit stopped it.
    private final class Group: Sendable {
        private let state = Mutex<(leader: pid_t?, expired: Bool)>((nil, false))

        func started(_ pid: pid_t) {
            let stop = state.withLock {
                $0.leader = pid
                return $0.expired
            }
            if stop { kill(-pid, SIGKILL) }
        }

        func expire() {
            let leader = state.withLock {
                $0.expired = true
                return $0.leader
            }
            if let leader { kill(-leader, SIGKILL) }
        }

        var expired: Bool { state.withLock { $0.expired } }
    }
}
