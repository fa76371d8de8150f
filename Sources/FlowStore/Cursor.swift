import CSQLite

/// A statement stepped by its owner, for reading two result sets side by side (`query` runs one to its end).
final class Cursor {
    private let statement: OpaquePointer
    private let connection: Connection

    init(_ connection: Connection, _ sql: String, _ params: [Int64]) throws(SQLiteError) {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(connection.handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw connection.error(rc) }
        self.statement = statement
        self.connection = connection
        for (index, value) in params.enumerated() { sqlite3_bind_int64(statement, Int32(index + 1), value) }
    }

    deinit { sqlite3_finalize(statement) }

    /// The next row, or nil at the end.
    func next() throws(SQLiteError) -> Row? {
        let rc = sqlite3_step(statement)
        if rc == SQLITE_DONE { return nil }
        guard rc == SQLITE_ROW else { throw connection.error(rc) }
        return Row(statement: statement)
    }
}
