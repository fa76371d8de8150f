public import Foundation

/// A machine described by tables: for tests and the fuzz target, which must not depend on (or touch) the
/// accounts, groups and files of the machine they run on.
public struct TableHost: ConfigHost {
    public var users: [String: UInt32]
    public var groups: [String: UInt32]
    public var currentUserID: UInt32
    public var credentialsDirectory: String?
    /// Path → contents and mode bits.
    public var files: [String: (data: Data, mode: UInt32)]
    /// Path → the file's group and the accounts in it.
    public var fileGroups: [String: (group: String, accounts: [String])] = [:]
    public var programDirectory: String?

    public init(
        users: [String: UInt32] = [:], groups: [String: UInt32] = [:], currentUserID: UInt32 = 1000,
        credentialsDirectory: String? = nil, files: [String: (data: Data, mode: UInt32)] = [:]
    ) {
        self.users = users
        self.groups = groups
        self.currentUserID = currentUserID
        self.credentialsDirectory = credentialsDirectory
        self.files = files
    }

    /// What the config fuzz target parses against: a few accounts and groups, one secret file of each mode.
    public static let fuzz = TableHost(
        users: ["flowd": 990, "ana": 1001], groups: ["flowctl": 991], credentialsDirectory: "/creds",
        files: [
            "/creds/hook": (Data("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".utf8), 0o400),
            "/nonexistent/review.secret": (Data("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".utf8), 0o600),
            "/nonexistent/open.secret": (Data("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".utf8), 0o644),
        ])

    public func userID(named name: String) -> UInt32? { users[name] }
    public func groupID(named name: String) -> UInt32? { groups[name] }
    public func read(_ path: String) -> (data: Data, mode: UInt32)? { files[path] }
    public func groupReaders(of path: String) -> (group: String, accounts: [String])? { fileGroups[path] }
}
