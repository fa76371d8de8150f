import FlowCore
import TOMLKit

/// What `[daemon]` sets, with the defaults of what it leaves out: the settings of the daemon itself rather than of
/// the workflow it runs.
struct DaemonSection {
    var socket = "/run/flowd/flowd.sock"
    var socketGroup: UInt32?
    var database = "/var/lib/flowd/flowd.db"
    var maxBody = 1024 * 1024
    var logLevel = "notice"
    var retention = DaemonConfig.defaultRetention
}

extension Reader {
    mutating func daemonSection(_ root: TOMLTable, resolve: (String) -> String) -> DaemonSection {
        var section = DaemonSection()
        guard let value = root["daemon"] else { return section }
        guard let daemon = value.table else {
            issue("daemon", "daemon must be a table ([daemon])")
            return section
        }
        checkKeys(
            daemon, "daemon",
            allowed: [
                "socket", "socket_group", "database", "max_body_bytes", "log_level", "retention",
                "link_key_file", "link_key_credential",
            ])
        if let s = string(daemon, "socket", "daemon") { section.socket = resolve(s) }
        if let name = string(daemon, "socket_group", "daemon") {
            if let gid = host.groupID(named: name) {
                section.socketGroup = gid
            } else if let number = UInt32(name) {
                section.socketGroup = number
            } else {
                issue("daemon.socket_group", "group \(quoted(name)) does not exist on this machine")
            }
        }
        if let d = string(daemon, "database", "daemon") { section.database = resolve(d) }
        if let span = span(daemon, "retention", "daemon") {
            if span >= DaemonConfig.minimumRetention {
                section.retention = span
            } else {
                issue(
                    "daemon.retention",
                    "daemon.retention must be at least \(DaemonConfig.minimumRetention): senders retry "
                        + "deliveries for days, and a purged delivery id would let a retry act twice")
            }
        }
        if let m = int(daemon, "max_body_bytes", "daemon", range: 1024...(64 * 1024 * 1024)) { section.maxBody = m }
        if let level = string(daemon, "log_level", "daemon") {
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            if levels.contains(level) {
                section.logLevel = level
            } else {
                issue("daemon.log_level", "daemon.log_level must be one of \(levels.joined(separator: ", "))")
            }
        }
        return section
    }
}
