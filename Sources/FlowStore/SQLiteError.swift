/// An SQLite failure, with the statement's error text.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var message: String
    public var description: String { "sqlite error \(code): \(message)" }
}
