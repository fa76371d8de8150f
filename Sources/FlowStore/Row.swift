import CSQLite

/// A row of a running statement, valid until the statement steps again.
struct Row: RowReading {
    let statement: OpaquePointer

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }
    func int(_ i: Int32) -> Int64 { sqlite3_column_int64(statement, i) }
    func real(_ i: Int32) -> Double { sqlite3_column_double(statement, i) }
    func text(_ i: Int32) -> String {
        guard let c = sqlite3_column_text(statement, i) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, i))
        return String(decoding: UnsafeBufferPointer(start: c, count: count), as: UTF8.self)
    }
    /// The column's UTF-8 bytes without making a String, valid until the statement steps again.
    func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let c = sqlite3_column_text(statement, i) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: c, count: Int(sqlite3_column_bytes(statement, i)))
    }
}
