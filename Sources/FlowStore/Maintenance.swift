import Foundation

/// Maintenance: pragmas, backup and integrity checks; and hooks for tests.
extension Store {
    /// The value of a pragma as text, for status and checks.
    public func pragma(_ name: String) async throws -> String {
        await settle()
        var value = ""
        try db.query("PRAGMA \(name)") { value = $0.text(0) }
        return value
    }

    /// A consistent copy of the live database (`VACUUM INTO`): one read transaction, so the copy is a single
    /// committed state while writers carry on. Returns the copy's size in bytes.
    public func backup(to path: String) async throws -> Int64 {
        await settle()
        try db.run("VACUUM INTO ?", [.text(path)])
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        return size ?? 0
    }

    public func integrityCheck() async throws -> String {
        await settle()
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
