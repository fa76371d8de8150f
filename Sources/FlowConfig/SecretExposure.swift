import Foundation

extension Reader {
    /// Warns when the config file holds secrets and someone besides the service may read it: everyone (the
    /// world bits), or a group the service shares with people, such as the flowctl users' `socket_group`.
    /// Secret files are refused outright when others may read them; for the config itself a warning suffices,
    /// because the fix (moving the secrets out) takes an edit, and flowd must still start meanwhile.
    mutating func checkExposure(of file: String, mode: UInt32, config: DaemonConfig) {
        guard let first = inlineSecrets.first else { return }
        let places = inlineSecrets.joined(separator: ", ")
        let fix = "move them to secret files or systemd credentials (secret_file, credential, url_file, url_credential)"
        if mode & 0o004 != 0 {
            warning(first, "\(file) holds secrets (\(places)) and every account on this machine may read it; \(fix)")
            return
        }
        guard mode & 0o040 != 0, let readers = host.groupReaders(of: file) else { return }
        let socketGroup = config.socketGroup.map { $0 == host.groupID(named: readers.group) } ?? false
        if socketGroup || readers.accounts.count > 1 {
            let who = readers.accounts.isEmpty ? "" : " (\(readers.accounts.joined(separator: ", ")))"
            let also = socketGroup ? ", the group that may use flowctl," : ""
            warning(
                first,
                "\(file) holds secrets (\(places)) and group \(readers.group)\(also) may read it\(who); \(fix), "
                    + "or give the file a group only the service is in")
        }
    }
}
