public import Foundation

/// What parsing a config needs to ask the machine: accounts and groups by name, who runs flowd, systemd's
/// credentials directory, and files with their permission bits. Behind a protocol so that parsing is pure:
/// tests and the fuzz target answer from a table and never touch the host.
public protocol ConfigHost: Sendable {
    func userID(named name: String) -> UInt32?
    func groupID(named name: String) -> UInt32?
    /// The uid flowd runs as, for `unix_user = "@self"`.
    var currentUserID: UInt32 { get }
    /// `$CREDENTIALS_DIRECTORY` (systemd `LoadCredential=`), if set.
    var credentialsDirectory: String? { get }
    /// A file's bytes and its mode bits, or nil when it cannot be read.
    func read(_ path: String) -> (data: Data, mode: UInt32)?
    /// The file's group and every account in it (members, and accounts whose primary group it is).
    func groupReaders(of path: String) -> (group: String, accounts: [String])?
    /// The directory flowd's own executable is in: where the programs that ship with it (flowd-mail) are.
    var programDirectory: String? { get }
}

extension ConfigHost {
    public var programDirectory: String? { nil }
}
