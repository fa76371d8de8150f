import FlowConfig
import FlowDaemon
import Foundation
import Logging

/// The daemon behind a synchronous `main`, for `bench/instructions` only: valgrind 3.24 crashes on every Swift
/// program whose `main` is async (it hands the main thread to libdispatch, and valgrind faults at the next thread's
/// `clone`), and `flowd`'s is. Here the main thread waits on a semaphore while the daemon runs in a detached task;
/// everything else is `Daemon.run`, as `flowd serve` calls it.
@main
enum Harness {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count == 2 else {
            FileHandle.standardError.write(Data("usage: flowd-callgrind CONFIG\n".utf8))
            exit(64)
        }
        let config: DaemonConfig
        do {
            config = try ConfigLoader.load(path: arguments[1])
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            exit(78)
        }
        var logger = Logger(label: "flowd")
        logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .warning
        let ended = DispatchSemaphore(value: 0)
        Task.detached { [logger] in
            do {
                try await Daemon.run(config: config, logger: logger)
            } catch {
                logger.critical("flowd stopped", metadata: ["error": "\(error)"])
                exit(1)
            }
            ended.signal()
        }
        ended.wait()
    }
}
