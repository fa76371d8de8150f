import Foundation
public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// One line per record for journald (`JOURNAL_STREAM` set): a `<N>` syslog priority prefix and no timestamp,
/// since the journal stamps each line itself.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .notice
    public var metadata: Logger.Metadata = [:]
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let explicit = event.metadata { all.merge(explicit) { $1 } }
        var text = "<\(Self.priority(event.level))>\(event.message)"
        if !all.isEmpty {
            text += " " + all.keys.sorted().map { "\($0)=\(all[$0]!)" }.joined(separator: " ")
        }
        // One record, one line: a newline inside a message would split it into two journal entries.
        text = text.replacingOccurrences(of: "\n", with: "\\n") + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
