import ArgumentParser
import CSystemCalls
import FlowConfig
import FlowCore
import FlowDaemon
import Foundation
import Logging

/// The flowd executable: runs the daemon, or checks a config file.
@main
struct Flowd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flowd",
        abstract: "The flowd workflow daemon: drafts through review, approval and publishing.",
        version: Engine.version,
        subcommands: [Serve.self, CheckConfig.self],
        defaultSubcommand: Serve.self
    )
}

/// Options every subcommand shares.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "Config file (default: $FLOWD_CONFIG, then /etc/flowd/config.toml).")
    var config: String?

    var path: String { located.path }

    /// The config file's path, and where it came from: `--config`, `$FLOWD_CONFIG`, or the default.
    var located: (path: String, from: String) {
        if let config { return (config, "--config") }
        if let set = ProcessInfo.processInfo.environment["FLOWD_CONFIG"], !set.isEmpty { return (set, "$FLOWD_CONFIG") }
        return ("/etc/flowd/config.toml", "the default")
    }

    /// Why the config could not be loaded; for a file that is not there, where flowd looked and how to point it
    /// elsewhere.
    func explain(_ error: ConfigError) -> String {
        let (path, from) = located
        guard !FileManager.default.fileExists(atPath: path) else { return error.description }
        return "no config file at \(path) (\(from)); give another with --config PATH or FLOWD_CONFIG=PATH "
            + "(the repository's scripts/run uses its config.toml; docs/operations.md describes the file)"
    }
}

func writeError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the daemon in the foreground (the default).")

    @OptionGroup var options: ConfigOption
    @Option(help: "Log level, overriding daemon.log_level (trace, debug, info, notice, warning, error, critical).")
    var logLevel: String?

    func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError(
                "unknown log level \(logLevel); use trace, debug, info, notice, warning, error or critical")
        }
    }

    func run() async throws {
        // An upload's read buffers are freed as fast as they are allocated; reusing them spares a page fault per
        // 4 KiB read (allocator.c). 16 MiB is several uploads' worth of buffers in flight.
        _ = flowd_reuse_freed_memory(1 << 20, 16 << 20)
        let config: DaemonConfig
        do {
            config = try ConfigLoader.load(path: options.path)
        } catch {
            writeError(options.explain(error))
            throw ExitCode(78)  // EX_CONFIG
        }
        let pinned = logLevel.flatMap(Logger.Level.init(rawValue:))
        let dial = LogLevelDial(
            pinned ?? Logger.Level(rawValue: config.logLevel) ?? .notice, pinned: pinned != nil)
        // Under systemd stderr is the journal: priorities as <N> prefixes, no timestamps of our own.
        let journal = ProcessInfo.processInfo.environment["JOURNAL_STREAM"].map { !$0.isEmpty } ?? false
        LoggingSystem.bootstrap { label in
            let inner: any LogHandler =
                journal ? JournalLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            return DialedLogHandler(inner, dial: dial)
        }
        let logger = Logger(label: "flowd")
        do {
            try await Daemon.run(config: config, logger: logger, logLevel: dial)
        } catch let error as StartupError {
            // The message stays a constant phrase (logging policy); what went wrong, paths included, is metadata.
            logger.error("flowd could not start", metadata: ["error": "\(error.description)"])
            throw ExitCode(1)
        }
    }
}

struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate a config file; exit non-zero with line-precise messages.")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        do {
            let config = try ConfigLoader.load(path: options.path)
            for warning in config.warnings { writeError("\(options.path): warning: \(warning)") }
            print(
                "\(options.path): ok (\(config.users.count) users, \(config.directory.clients.count) clients, socket \(config.socket), database \(config.database))"
            )
        } catch {
            writeError(options.explain(error))
            throw ExitCode(1)
        }
    }
}
