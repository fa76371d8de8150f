import FlowAPI
import FlowCore
import Foundation

/// `flowctl report --csv`: every figure of the JSON rows, the total last, in the columns of `report --wide`, each
/// headed by its JSON key. A key the wide table does not know yet follows, sorted, so a new figure is never lost.
enum ReportCSV {
    static func render(_ report: ReportView) -> String {
        let encoder = WireJSON.encoder()
        let objects = (report.rows + [report.total]).compactMap { row in
            (try? encoder.encode(row)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        }
        let keys = header(for: objects)
        return
            ([keys.joined(separator: ",")]
            + objects.map { object in keys.map { field(object[$0]) }.joined(separator: ",") })
            .joined(separator: "\n")
    }

    /// The wide table's keys, then any other key of any row, sorted. A figure without a value is left out of its
    /// row's JSON, so every row is read, not the first.
    static func header(for objects: [[String: Any]]) -> [String] {
        let order = ReportColumn.wide(keyHeader: "").map(\.key)
        return order + Set(objects.flatMap(\.keys)).subtracting(order).sorted()
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break; empty for null.
    static func field(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "" }
        let text = "\(value)"
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
