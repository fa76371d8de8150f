import ArgumentParser
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

    var path: String {
        config ?? ProcessInfo.processInfo.environment["FLOWD_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/etc/flowd/config.toml"
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
        let config: DaemonConfig
        do {
            config = try ConfigLoader.load(path: options.path)
        } catch {
            writeError(error.description)
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
            writeError(error.description)
            throw ExitCode(1)
        }
    }
}
