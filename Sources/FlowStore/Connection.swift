import CSQLite
import CSQLiteSetup
import CWALWrites
import Foundation

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// SQLite's process-wide settings (`CSQLiteSetup`), made once, before the first connection initializes SQLite.
private let sqliteSetUp: Int32 = flowd_sqlite_set_up()

/// One SQLite connection; not thread-safe, so only the Store actor holds one.
final class Connection {
    let handle: OpaquePointer
    private var cache: [StatementKey: OpaquePointer] = [:]

    /// `gatherWALWrites`: the connection writes each transaction's WAL frames with one call instead of two per page
    /// (`CWALWrites`); for the store's writer, the one connection that commits transitions.
    init(path: String, readOnly: Bool = false, gatherWALWrites: Bool = false) throws(SQLiteError) {
        _ = sqliteSetUp
        var db: OpaquePointer?
        let flags =
            readOnly
            ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        // Without the VFS (SQLite refused to register it) the connection is SQLite's own, as before.
        let vfs = gatherWALWrites ? flowd_wal_writes_vfs() : nil
        let rc = sqlite3_open_v2(path, &db, flags, vfs)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: "\(path): \(message)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    /// The callbacks SQLite's hooks reach, kept alive as long as the connection.
    private final class Hooks {
        var walPages: ((Int32) -> Bool)?
        var observer: (any TransactionObserver)?
        /// The watched table's name, NUL-terminated, for `strcmp` in the update hook.
        var table: [CChar] = []
    }

    private let hooks = Hooks()
    private var walHookInstalled = false

    /// Calls `committed` with the number of pages in the WAL after each commit, on the committing thread; when it
    /// returns true, a PASSIVE checkpoint runs right there, on this connection. This replaces SQLite's
    /// auto-checkpoint, which checkpointed inside every commit that left 1,000 pages in the WAL.
    func onWALPages(_ committed: @escaping (Int32) -> Bool) {
        hooks.walPages = committed
        installWALHook()
    }

    /// Tells `observer` of every change to a row of `table`, of every rollback and of every commit, on the thread
    /// that runs the statement. Only SQL run through this connection's `exec`, `query` and `run` is seen whole: a
    /// `ROLLBACK TO` is noticed by its text, as SQLite has no hook for it.
    func observe(_ table: String, _ observer: any TransactionObserver) {
        hooks.observer = observer
        hooks.table = Array(table.utf8CString)
        let context = Unmanaged.passUnretained(hooks).toOpaque()
        sqlite3_update_hook(
            handle,
            { context, _, _, table, rowid in
                guard let context, let table else { return }
                let hooks = Unmanaged<Hooks>.fromOpaque(context).takeUnretainedValue()
                if strcmp(table, hooks.table) == 0 { hooks.observer?.rowChanged(rowid) }
            }, context)
        sqlite3_rollback_hook(
            handle,
            { context in
                guard let context else { return }
                Unmanaged<Hooks>.fromOpaque(context).takeUnretainedValue().observer?.rolledBack(all: true)
            }, context)
        installWALHook()
    }

    /// In WAL mode, SQLite calls this hook after each successful commit, and only then.
    private func installWALHook() {
        guard !walHookInstalled else { return }
        walHookInstalled = true
        sqlite3_wal_hook(
            handle,
            { context, db, name, pages in
                guard let context else { return SQLITE_OK }
                let hooks = Unmanaged<Hooks>.fromOpaque(context).takeUnretainedValue()
                hooks.observer?.committed()
                guard hooks.walPages?(pages) == true else { return SQLITE_OK }
                // As SQLite's own auto-checkpoint does from this hook; a failure leaves the pages in the WAL.
                sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                return SQLITE_OK
            }, Unmanaged.passUnretained(hooks).toOpaque())
    }

    private static let rollback = Array("ROLLBACK".utf8)

    /// After running `sql`: a `ROLLBACK TO` undid part of the open transaction, and SQLite tells no hook of that.
    /// (A whole `ROLLBACK` reaches the rollback hook as well; telling twice is harmless, and so is a false alarm,
    /// which only makes the observer forget.) `query` runs one statement, so only its start is looked at; `exec`
    /// may run several, and is looked through.
    private func noticeRollback(_ sql: String, anywhere: Bool) {
        guard let observer = hooks.observer else { return }
        let rollback = Self.rollback
        let found = sql.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var start = 0
            if !anywhere {
                while start < bytes.count, bytes[start] == 0x20 || (0x09...0x0D).contains(bytes[start]) { start += 1 }
            }
            let last = anywhere ? bytes.count - rollback.count : min(start, bytes.count - rollback.count)
            guard start <= last else { return false }
            for at in start...last
            where (0..<rollback.count).allSatisfy({ bytes[at + $0] & 0xDF == rollback[$0] }) {
                return true
            }
            return false
        }
        if found ?? true { observer.rolledBack(all: false) }
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
        defer { noticeRollback(sql, anywhere: true) }
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc) }
    }

    private func prepare(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        let key = StatementKey(sql)
        if let cached = cache[key] { return cached }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc) }
        cache[key] = statement
        return statement
    }

    /// Runs one statement and hands each row to `row`.
    func query(_ sql: String, _ params: [SQLValue] = [], row: (Row) throws -> Void) throws {
        let statement = try prepare(sql)
        defer {
            // The bindings stay: a text bound next time goes into the buffer SQLite made for this one, where
            // clearing them freed it and the next bind allocated again. Every parameter is bound on every run
            // (below), so none keeps an earlier run's value.
            sqlite3_reset(statement)
            noticeRollback(sql, anywhere: false)
        }
        let named = Int(sqlite3_bind_parameter_count(statement))
        if params.count < named {
            for index in params.count..<named { sqlite3_bind_null(statement, Int32(index + 1)) }
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

/// The statement cache's key: the SQL text, hashed by its length and eight bytes each from its start, middle and
/// end. Hashing whole statements (a draft's SELECT names every column) was a visible share of a transition's work;
/// statements that share those bytes only fall back to comparing the text, which is a memcmp.
private struct StatementKey: Hashable {
    let sql: String

    init(_ sql: String) { self.sql = sql }

    func hash(into hasher: inout Hasher) {
        let sampled = sql.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            hasher.combine(bytes.count)
            guard bytes.count >= 8, let start = bytes.baseAddress else { return false }
            hasher.combine(UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
            hasher.combine(UnsafeRawPointer(start + bytes.count / 2 - 4).loadUnaligned(as: UInt64.self))
            hasher.combine(UnsafeRawPointer(start + bytes.count - 8).loadUnaligned(as: UInt64.self))
            return true
        }
        if sampled != true { hasher.combine(sql) }
    }
}

extension Date {
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
