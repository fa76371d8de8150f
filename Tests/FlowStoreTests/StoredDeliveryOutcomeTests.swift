import FlowCore
import Testing

@testable import FlowStore

@Suite struct StoredDeliveryOutcomeTests {
    /// Receipts were stored as a string map through `JSONColumns.encode`; a typed outcome must write the same bytes and
    /// read back the rows written that way.
    @Test(arguments: [
        ["draft": "12", "state": "approved", "revision": "3", "action": "approve", "event": "99"],
        ["draft": "5", "state": "review", "revision": "1"],
        ["draft": "7", "state": "odd \"state\"", "revision": "2", "action": "ünï", "event": "1"],
    ])
    func aStoredOutcomeIsTheStringMapReceiptsAlwaysHeld(map: [String: String]) {
        let outcome = DeliveryOutcome(storedText: JSONColumns.encode(map))
        #expect(outcome.storedText == JSONColumns.encode(map))
        #expect(outcome.draft == Int64(map["draft"]!))
        #expect(outcome.state == map["state"])
        #expect(outcome.revision == Int(map["revision"]!))
        #expect(outcome.action == map["action"])
        #expect(outcome.event == map["event"].flatMap { Int64($0) })
    }

    @Test(arguments: ["", "{", "[]", "{\"draft\":12}", "{\"revision\":\"x\"}"])
    func anUnreadableReceiptReadsAsLittleAsItCan(text: String) {
        let outcome = DeliveryOutcome(storedText: text)
        #expect(outcome.draft == 0)
        #expect(outcome.revision == nil)
        #expect(outcome.state == nil)
    }
}
