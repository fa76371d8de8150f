import Testing

@testable import FlowStore

/// Cached statements keep their bindings between runs (so SQLite can reuse them), which must never let one run
/// see another's values.
@Suite struct StatementBindingTests {
    @Test func aParameterARunLeavesOutIsNullNotTheLastRunsValue() throws {
        let dir = TempDir()
        let db = try Connection(path: dir.database)
        try db.exec("CREATE TABLE t (a TEXT, b TEXT)")
        let insert = "INSERT INTO t (a, b) VALUES (?1, ?2)"
        try db.run(insert, [.text("first"), .text("kept?")])
        try db.run(insert, [.text("second")])
        try db.run(insert, [])
        var rows: [[String?]] = []
        try db.query("SELECT a, b FROM t ORDER BY rowid") { rows.append([$0.optionalText(0), $0.optionalText(1)]) }
        #expect(rows == [["first", "kept?"], ["second", nil], [nil, nil]])
    }

    @Test func aTextBoundAgainIsTheNewOneWhateverItsLength() throws {
        let dir = TempDir()
        let db = try Connection(path: dir.database)
        try db.exec("CREATE TABLE t (a TEXT)")
        let texts = [String(repeating: "long ", count: 200), "short", "", "x\u{0}y", String(repeating: "é", count: 50)]
        for text in texts { try db.run("INSERT INTO t (a) VALUES (?)", [.text(text)]) }
        var read: [String] = []
        try db.query("SELECT a FROM t ORDER BY rowid") { read.append($0.text(0)) }
        #expect(read == texts)
    }
}
