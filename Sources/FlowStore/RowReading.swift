/// A row's columns by index, read the way SQLite reads them: from a statement (`Row`) or from the values a row was
/// written with (`StoredRow`), so that one decoding serves both.
protocol RowReading {
    func isNull(_ i: Int32) -> Bool
    func int(_ i: Int32) -> Int64
    func real(_ i: Int32) -> Double
    func text(_ i: Int32) -> String
}

extension RowReading {
    func optionalText(_ i: Int32) -> String? { isNull(i) ? nil : text(i) }
    func optionalInt(_ i: Int32) -> Int64? { isNull(i) ? nil : int(i) }
}
