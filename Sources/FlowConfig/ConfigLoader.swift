import Foundation
import TOMLKit

/// Reads and validates config.toml.
public enum ConfigLoader {
    public static func load(path: String, host: any ConfigHost = SystemHost()) throws(ConfigError) -> DaemonConfig {
        guard let (data, mode) = host.read(path) else {
            throw ConfigError(path: path, issues: [ConfigIssue(line: nil, message: "cannot read the file")])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ConfigError(path: path, issues: [ConfigIssue(line: nil, message: "the file is not valid UTF-8")])
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(text, path: path, baseDirectory: base, host: host, mode: mode)
    }

    /// Parses config text; everything the machine must answer (accounts, groups, secret files) goes through
    /// `host`, so parsing itself touches nothing.
    /// `mode` is the file's: with it, inline secrets in a file others may read are warned about.
    public static func parse(
        _ text: String, path: String, baseDirectory: String, host: any ConfigHost = SystemHost(), mode: UInt32? = nil
    ) throws(ConfigError) -> DaemonConfig {
        let root = try table(text, path: path)
        var reader = Reader(lines: LineIndex(text), host: host)
        let read = reader.read(root, path: path, baseDirectory: baseDirectory)
        if let mode, let config = read { reader.checkExposure(of: path, mode: mode, config: config) }
        guard reader.issues.isEmpty, var config = read else {
            throw ConfigError(path: path, issues: reader.issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        config.warnings = reader.warnings.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        return config
    }

    /// A TOML file's text as a table, or its first syntax error (or hazard) by line.
    static func table(_ text: String, path: String) throws(ConfigError) -> TOMLTable {
        if let hazard = TOMLHazards.find(in: text) { throw ConfigError(path: path, issues: [hazard]) }
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                path: path,
                issues: [ConfigIssue(line: error.source.begin.line, message: "syntax: \(error.description)")])
        } catch {
            throw ConfigError(path: path, issues: [ConfigIssue(line: nil, message: "syntax: \(error)")])
        }
    }
}
