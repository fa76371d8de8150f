import FlowAPI
import FlowCore
import Foundation

/// `flowctl report --csv`: every figure of the JSON rows, in their order, the total last.
enum ReportCSV {
    static func render(_ report: ReportView) -> String {
        let encoder = WireJSON.encoder()
        var lines: [String] = []
        var header: [String]?
        for row in report.rows + [report.total] {
            guard let data = try? encoder.encode(row),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { continue }
            let keys = header ?? (["key"] + object.keys.filter { $0 != "key" }.sorted())
            if header == nil {
                header = keys
                lines.append(keys.joined(separator: ","))
            }
            lines.append(keys.map { field(object[$0]) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break; empty for null.
    static func field(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "" }
        let text = "\(value)"
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
