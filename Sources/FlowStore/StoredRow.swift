/// A row as the values it was written with, read as SQLite would read them back for the column types flowd
/// writes: NULL reads as 0 and "", numbers as numbers.
struct StoredRow: RowReading {
    let values: [SQLValue]

    func isNull(_ i: Int32) -> Bool { values[Int(i)] == .null }

    func int(_ i: Int32) -> Int64 {
        switch values[Int(i)] {
        case .int(let value): value
        case .real(let value): Int64(value)
        case .null, .text: 0
        }
    }

    func real(_ i: Int32) -> Double {
        switch values[Int(i)] {
        case .real(let value): value
        case .int(let value): Double(value)
        case .null, .text: 0
        }
    }

    func text(_ i: Int32) -> String {
        switch values[Int(i)] {
        case .text(let value): value
        case .int(let value): String(value)
        case .null, .real: ""
        }
    }
}
