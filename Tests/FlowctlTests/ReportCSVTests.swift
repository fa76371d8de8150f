import FlowAPI
import Foundation
import Testing

@testable import flowctl

/// `flowctl report --csv`: the wide table's columns, headed by their JSON keys, and every figure the JSON has.
@Suite struct ReportCSVTests {
    static func records(_ csv: String) -> [[String]] {
        csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func columnsInTheWideTablesOrder() throws {
        let records = Self.records(ReportCSV.render(try SeededReport.view()))
        let header = try #require(records.first)
        #expect(header == ReportColumn.wide(keyHeader: "CLIENT").map(\.key))
        #expect(header.prefix(4) == ["key", "drafts", "submitted", "decided"])
        #expect(header.last == "overdue")
        #expect(records.count == SeededReport.keys.count + 2)
        #expect(records.last?.first == "total")
        #expect(Set(records.map(\.count)) == [header.count])
    }

    /// The JSON is the oracle: each row's every field is in the CSV, with the same value; a field without one
    /// is empty.
    @Test func everyJSONFieldOfEveryRowIsInTheCSV() throws {
        let view = try SeededReport.view()
        let records = Self.records(ReportCSV.render(view))
        let header = try #require(records.first)
        for (row, record) in zip(view.rows + [view.total], records.dropFirst()) {
            let data = try WireJSON.encoder().encode(row)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for (key, value) in object {
                let index = try #require(header.firstIndex(of: key), "\(key) is not in the CSV")
                #expect(record[index] == "\(value)", "\(row.key).\(key)")
            }
            for (index, key) in header.enumerated() where object[key] == nil { #expect(record[index].isEmpty) }
        }
    }

    /// A field the view gains before the order lists it still reaches the CSV, after the known ones, sorted.
    @Test func aFieldTheOrderDoesNotKnowFollowsSorted() {
        let header = ReportCSV.header(for: [["key": "a", "zeta_new": 1], ["alpha_new": 2, "overdue": 0]])
        #expect(header.suffix(2) == ["alpha_new", "zeta_new"])
        #expect(Array(header.dropLast(2)) == ReportColumn.wide(keyHeader: "").map(\.key))
    }
}
