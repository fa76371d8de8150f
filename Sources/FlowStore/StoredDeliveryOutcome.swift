import FlowCore

/// A delivery's outcome as `webhook_receipts.outcome` holds it: a JSON object of strings with its keys sorted, the
/// bytes `JSONColumns` wrote when receipts were stored as a string map, so rows written before read the same.
extension DeliveryOutcome {
    var storedText: String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        out.append(UInt8(ascii: "{"))
        if let action { JSONColumns.member("action", action, into: &out) }
        JSONColumns.member("draft", String(draft), into: &out)
        if let event { JSONColumns.member("event", String(event), into: &out) }
        if let revision { JSONColumns.member("revision", String(revision), into: &out) }
        if let state { JSONColumns.member("state", state, into: &out) }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Leniently, as receipts were always read: what cannot be read is left out (the draft as 0).
    init(storedText: String) {
        let map = (try? JSONColumns.map(storedText)) ?? [:]
        self.init(
            draft: map["draft"].flatMap { Int64($0) } ?? 0, state: map["state"],
            revision: map["revision"].flatMap { Int($0) }, action: map["action"],
            event: map["event"].flatMap { Int64($0) })
    }
}
