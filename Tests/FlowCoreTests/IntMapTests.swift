import Testing

@testable import FlowCore

@Suite struct IntMapTests {
    /// Random inserts, updates and removals (removals shift runs back) agree with Dictionary at every step.
    @Test func agreesWithDictionary() {
        var map = IntMap()
        var reference: [Int64: Int] = [:]
        var state: UInt64 = 42
        for step in 0..<50_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let key = Int64((state >> 33) % 3_000)
            if (state >> 20) % 3 == 0 {
                map[key] = nil
                reference[key] = nil
            } else {
                map[key] = step
                reference[key] = step
            }
            #expect(map[key] == reference[key])
        }
        #expect(map.count == reference.count)
        for key in Int64(0)..<3_000 { #expect(map[key] == reference[key]) }
        #expect(Dictionary(uniqueKeysWithValues: map.entries.map { ($0.key, $0.value) }) == reference)
    }

    @Test func updatesInPlace() {
        var map = IntMap()
        for _ in 0..<3 { map.update(7, default: 0) { $0 += 1 } }
        #expect(map[7] == 3)
        #expect(map[8] == nil)
    }
}
