/// What flowd keeps about itself between runs, by name (`settings`): facts about the data as a whole, such as the
/// policies the drafts in review were last re-planned under.
extension Store {
    /// The value kept under `key`, if any.
    public func setting(_ key: String) throws -> String? {
        var value: String?
        try db.query("SELECT value FROM settings WHERE key = ?", [.text(key)]) { value = $0.text(0) }
        return value
    }

    /// Keeps `value` under `key`, durably, in place of what was there.
    public func keepSetting(_ key: String, _ value: String) async throws {
        try await writing {
            try db.run(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [.text(key), .text(value)])
        }
    }
}
