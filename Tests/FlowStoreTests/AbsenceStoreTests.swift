import FlowCore
import Foundation
import Testing

@testable import FlowStore

/// Absences in the database: recorded only when the check given the ones there lets them, listed until they end,
/// ended early or called off, and kept across a reopening.
@Suite struct AbsenceStoreTests {
    struct Clash: Error {}

    @Test func anAbsenceIsRecordedListedEndedAndCalledOff() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let day = { (n: Double) in t0.addingTimeInterval(n * 86_400) }
        let carl = Absence(person: "carl", from: day(1), until: day(5), standIn: "dora", message: "m", setBy: "carl")
        let recorded = try await store.recordAbsence(carl, at: t0) { existing in
            #expect(existing.isEmpty)
        }
        #expect(recorded.id > 0)
        var expected = carl
        expected.id = recorded.id
        #expect(recorded == expected)
        await #expect(throws: Clash.self) {
            _ = try await store.recordAbsence(
                Absence(person: "carl", from: day(2), until: day(3), setBy: "carl"), at: t0
            ) {
                existing in
                #expect(existing == [expected])
                throw Clash()
            }
        }
        let dora = try await store.recordAbsence(
            Absence(person: "dora", from: day(7), until: day(9), setBy: "ops"), at: t0
        ) { _ in }
        let reopened = try Store(path: dir.database)
        #expect(try await reopened.absences(endingAfter: t0).map(\.person) == ["carl", "dora"], "refused: not kept")
        #expect(try await reopened.absences(endingAfter: day(6)).map(\.person) == ["dora"])

        let ended = try #require(try await reopened.endAbsence(of: "carl", at: day(2)))
        #expect(ended.endedAt == day(2) && ended.id == recorded.id)
        #expect(try await reopened.absences(endingAfter: day(2)).map(\.person) == ["dora"])
        let calledOff = try #require(try await reopened.endAbsence(of: "dora", at: day(2)))
        #expect(calledOff.id == dora.id && !calledOff.holds(at: day(8)))
        #expect(try await reopened.endAbsence(of: "dora", at: day(2)) == nil)
        #expect(try await reopened.absences(endingAfter: day(2)).isEmpty)
    }
}
