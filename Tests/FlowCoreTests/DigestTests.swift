import FlowCore
import Foundation
import Testing

@Suite struct DigestTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static var directory: Directory {
        var directory = World.rules
        directory.clients = ["acme": directory.clients["acme"]!]
        directory.clients["acme"]?.hours = BusinessHours(timeZone: berlin)
        return directory
    }
    static let at = TimeOfDay("08:30")!

    static func draft(_ id: Int64, due: Double?, approvedBy: [String] = []) -> Draft {
        Draft(
            id: id, client: "acme", lane: .normal, state: .review, revision: 1,
            content: Content(title: "Post \(id)", body: "B", channels: [], publishAt: nil), contentHash: "h",
            author: "ana", revisionAuthor: "ana", revisionAuthorSide: .agency,
            approvals: approvedBy.map { Approval(user: $0, revision: 1, at: Date(timeIntervalSince1970: 0)) },
            createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0),
            dueAt: due.map { local("2026-06-08 08:00", "Europe/Berlin").addingTimeInterval($0 * 3600) })
    }

    @Test func eachApproverGetsWhatWaitsForThemSoonestFirstOncePerWorkingDay() {
        let monday0900 = local("2026-06-08 09:00", "Europe/Berlin")
        let drafts = [
            Self.draft(1, due: 30), Self.draft(2, due: 5), Self.draft(3, due: nil),
            Self.draft(4, due: 1, approvedBy: ["carl"]),
        ]
        let due = Digest.due(at: Self.at, now: monday0900, directory: Self.directory, inReview: drafts, sent: [])
        #expect(due.map(\.user) == ["carl", "dora"])
        #expect(due.first?.day == "2026-06-08")
        #expect(due.first?.drafts.map(\.id) == [2, 1, 3], "soonest deadline first; carl approved 4 already")
        #expect(due.last?.drafts.map(\.id) == [4, 2, 1, 3])
        let sent: Set<String> = [Digest.key(user: "carl", client: "acme", day: "2026-06-08")]
        #expect(
            Digest.due(at: Self.at, now: monday0900, directory: Self.directory, inReview: drafts, sent: sent).map(
                \.user) == ["dora"])
        // Not before its time, not on a day off, and not when nothing waits.
        let early = local("2026-06-08 08:29", "Europe/Berlin")
        #expect(Digest.due(at: Self.at, now: early, directory: Self.directory, inReview: drafts, sent: []).isEmpty)
        let saturday = local("2026-06-13 10:00", "Europe/Berlin")
        #expect(Digest.due(at: Self.at, now: saturday, directory: Self.directory, inReview: drafts, sent: []).isEmpty)
        #expect(Digest.due(at: Self.at, now: monday0900, directory: Self.directory, inReview: [], sent: []).isEmpty)
    }

    @Test func theNextDigestIsTheNextWorkingDaysTimeInTheClientsZone() {
        let friday = local("2026-06-12 09:00", "Europe/Berlin")
        #expect(
            Digest.next(at: Self.at, after: friday, directory: Self.directory)
                == local("2026-06-15 08:30", "Europe/Berlin"))
        let thursday = local("2026-06-11 07:00", "Europe/Berlin")
        #expect(
            Digest.next(at: Self.at, after: thursday, directory: Self.directory)
                == local("2026-06-11 08:30", "Europe/Berlin"))
    }
}
