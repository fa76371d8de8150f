import CSQLite
import Foundation

/// An SQLite failure, with the statement's error text.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var message: String
    public var description: String { "sqlite error \(code): \(message)" }
}

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A value bound to or read from a statement.
public enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case text(String)
    case real(Double)
}

/// One SQLite connection; not thread-safe, so only the Store actor holds one.
final class Connection {
    let handle: OpaquePointer
    private var cache: [String: OpaquePointer] = [:]

    init(path: String, readOnly: Bool = false) throws(SQLiteError) {
        var db: OpaquePointer?
        let flags =
            readOnly
            ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: "\(path): \(message)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    private final class WALHook {
        let committed: (Int32) -> Bool
        init(_ committed: @escaping (Int32) -> Bool) { self.committed = committed }
    }

    private var walHook: WALHook?

    /// Calls `committed` with the number of pages in the WAL after each commit, on the committing thread; when it
    /// returns true, a PASSIVE checkpoint runs right there, on this connection. This replaces SQLite's
    /// auto-checkpoint, which checkpointed inside every commit that left 1,000 pages in the WAL.
    func onWALPages(_ committed: @escaping (Int32) -> Bool) {
        let hook = WALHook(committed)
        walHook = hook
        sqlite3_wal_hook(
            handle,
            { context, db, name, pages in
                guard let context, Unmanaged<WALHook>.fromOpaque(context).takeUnretainedValue().committed(pages)
                else { return SQLITE_OK }
                // As SQLite's own auto-checkpoint does from this hook; a failure leaves the pages in the WAL.
                sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                return SQLITE_OK
            }, Unmanaged.passUnretained(hook).toOpaque())
    }

    /// Makes every COMMIT fail (SQLite turns it into a rollback), so tests can see what a failed commit does.
    func vetoCommits(_ veto: Bool) {
        sqlite3_commit_hook(handle, veto ? { _ in 1 } : nil, nil)
    }

    deinit {
        for statement in cache.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    func error(_ rc: Int32) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)))
    }

    /// Runs SQL with no parameters and no rows wanted, several statements allowed.
    func exec(_ sql: String) throws(SQLiteError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc) }
    }

    private func prepare(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let cached = cache[sql] { return cached }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc) }
        cache[sql] = statement
        return statement
    }

    /// Runs one statement and hands each row to `row`.
    func query(_ sql: String, _ params: [SQLValue] = [], row: (Row) throws -> Void) throws {
        let statement = try prepare(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in params.enumerated() {
            let i = Int32(index + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(statement, i)
            case .int(let v): rc = sqlite3_bind_int64(statement, i, v)
            case .real(let v): rc = sqlite3_bind_double(statement, i, v)
            case .text(let v):
                // Explicit length: text may hold NUL bytes, which a C-string bind would cut off at.
                var text = v
                rc = text.withUTF8 { bytes in
                    // A nil pointer would bind NULL, so an empty string gets a real empty one.
                    bytes.isEmpty
                        ? sqlite3_bind_text(statement, i, "", 0, transient)
                        : sqlite3_bind_text(statement, i, bytes.baseAddress, Int32(bytes.count), transient)
                }
            }
            guard rc == SQLITE_OK else { throw error(rc) }
        }
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw error(rc) }
            try row(Row(statement: statement))
        }
    }

    func run(_ sql: String, _ params: [SQLValue] = []) throws {
        try query(sql, params) { _ in }
    }

    func scalar(_ sql: String, _ params: [SQLValue] = []) throws -> Int64? {
        var result: Int64?
        try query(sql, params) { result = $0.isNull(0) ? nil : $0.int(0) }
        return result
    }

    var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }
    var changes: Int64 { Int64(sqlite3_changes(handle)) }
}

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

/// A row of a running statement, valid until the statement steps again.
struct Row {
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
    func optionalText(_ i: Int32) -> String? { isNull(i) ? nil : text(i) }
    func optionalInt(_ i: Int32) -> Int64? { isNull(i) ? nil : int(i) }
}

extension Date {
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
