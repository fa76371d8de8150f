import Foundation

/// Maintenance: pragmas, backup and integrity checks; and hooks for tests.
extension Store {
    /// The value of a pragma as text, for status and checks.
    public func pragma(_ name: String) async throws -> String {
        var value = ""
        try db.query("PRAGMA \(name)") { value = $0.text(0) }
        return value
    }

    public func integrityCheck() async throws -> String {
        var result = ""
        try db.query("PRAGMA integrity_check") { result = $0.text(0) }
        return result
    }

    // MARK: test hooks

    func execute(_ sql: String) throws { try db.exec(sql) }

    func vetoCommits(_ veto: Bool) { db.vetoCommits(veto) }

    /// Keeps the actor busy, as a long fsync would, so tests can queue transitions behind it.
    func holdForTesting(seconds: Double) { usleep(UInt32(seconds * 1_000_000)) }
}
