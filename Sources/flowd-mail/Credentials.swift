import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A user name and password for SMTP AUTH. They come from a file so that they are never in argv (ps and
/// /proc/PID/cmdline show it to everyone) nor in flowd's config; nothing in flowd-mail ever prints them.
struct Credentials: Sendable {
    var user: String
    var password: String

    /// `user:password` on one line (the password may hold colons), or the user on the first line and the
    /// password on the second.
    static func read(path: String) throws -> Credentials {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 4096 else {
            throw CredentialsError("cannot read \(path) (at most 4 KiB)")
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o007 != 0 {
            report("warning: \(path) is open to every account on this machine; chmod o= it")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        let filled = lines.prefix { !$0.isEmpty }
        var credentials: Credentials?
        if filled.count >= 2 {
            credentials = Credentials(user: filled[0], password: filled[1])
        } else if let line = filled.first, let colon = line.firstIndex(of: ":") {
            credentials = Credentials(user: String(line[..<colon]), password: String(line[line.index(after: colon)...]))
        }
        guard let credentials, !credentials.user.isEmpty, !credentials.password.isEmpty else {
            throw CredentialsError(
                "\(path) holds no credentials: write user:password, or the user and the password on two lines")
        }
        return credentials
    }
}
