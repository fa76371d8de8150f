public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real machine: the account and group databases, the process environment and the file system.
public struct SystemHost: ConfigHost {
    public init() {}

    public func userID(named name: String) -> UInt32? { getpwnam(name).map { $0.pointee.pw_uid } }

    public func groupID(named name: String) -> UInt32? { getgrnam(name).map { $0.pointee.gr_gid } }

    public var currentUserID: UInt32 { getuid() }

    public var programDirectory: String? {
        Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent().path
    }

    public var credentialsDirectory: String? { ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"] }

    public func read(_ path: String) -> (data: Data, mode: UInt32)? {
        var info = stat()
        guard stat(path, &info) == 0, let data = FileManager.default.contents(atPath: path) else { return nil }
        return (data, UInt32(info.st_mode))
    }

    public func groupReaders(of path: String) -> (group: String, accounts: [String])? {
        var info = stat()
        guard stat(path, &info) == 0, let group = getgrgid(info.st_gid) else { return nil }
        var accounts = Set<String>()
        var member = group.pointee.gr_mem
        while let name = member?.pointee {
            accounts.insert(String(cString: name))
            member = member?.advanced(by: 1)
        }
        setpwent()
        while let entry = getpwent() {
            if entry.pointee.pw_gid == info.st_gid { accounts.insert(String(cString: entry.pointee.pw_name)) }
        }
        endpwent()
        return (String(cString: group.pointee.gr_name), accounts.sorted())
    }
}
