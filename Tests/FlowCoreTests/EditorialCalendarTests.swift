import FlowCore
import Foundation
import Testing

/// Posts land on their client's local day, also on the days the clocks change, and cadence days without a post
/// are gaps.
@Suite struct EditorialCalendarTests {
    static func t(_ text: String) -> Date { parseISOUTC(text + ":00.000Z")! }

    static let berlin = Client(
        id: "acme", name: "ACME", hours: BusinessHours(timeZone: TimeZone(identifier: "Europe/Berlin")!),
        cadence: [2, 4, 6])  // mon, wed, fri
    static let newYork = Client(
        id: "nyc", name: "NYC", hours: BusinessHours(timeZone: TimeZone(identifier: "America/New_York")!),
        cadence: [3])  // tue

    static func post(_ id: Int64, _ client: String, _ at: String, _ state: DraftState = .approved) -> PlannedPost {
        PlannedPost(
            draft: id, client: client, title: "Post \(id)", state: state, channels: ["x"], publishAt: t(at),
            whoseMove: .agency)
    }

    /// Issue 33: a holiday on a cadence day showed as "no post planned", and a post on a holiday was not flagged.
    @Test func aHolidayIsNoGapAndAPostOnOneIsFlagged() throws {
        var client = Self.berlin
        client.hours?.holidays = ["2026-12-25", "2026-12-23"]
        // Wednesday 23 December has a post; Friday 25 December is a holiday with none; Monday 21 is a gap.
        let plan = EditorialCalendar.plan(
            clients: [client], posts: [Self.post(1, "acme", "2026-12-23T09:00")], from: Self.t("2026-12-21T00:00"),
            to: Self.t("2026-12-26T00:00"))
        let days = try #require(plan.first?.days)
        #expect(days.map(\.date) == ["2026-12-21", "2026-12-23", "2026-12-25"])
        #expect(days.map(\.gap) == [true, false, false])
        #expect(days.map(\.holiday) == [false, true, true])
        #expect(days[1].posts.map(\.draft) == [1])
    }

    /// Berlin moves its clocks on Sunday 29 March 2026 at 02:00; that day has 23 hours.
    @Test func berlinAcrossTheSpringChange() throws {
        let posts = [
            Self.post(1, "acme", "2026-03-28T23:30"),  // Sunday 00:30 CET
            Self.post(2, "acme", "2026-03-29T22:30"),  // Monday 00:30 CEST (in CET it would still be Sunday)
            Self.post(3, "acme", "2026-03-29T21:59"),  // Sunday 23:59 CEST
            Self.post(4, "acme", "2026-03-27T10:00", .withdrawn),  // withdrawn: Friday stays a gap
        ]
        let plan = EditorialCalendar.plan(
            clients: [Self.berlin], posts: posts, from: Self.t("2026-03-27T00:00"), to: Self.t("2026-03-31T00:00"))
        let days = try #require(plan.first?.days)
        #expect(days.map(\.date) == ["2026-03-27", "2026-03-29", "2026-03-30"])
        #expect(days.map(\.gap) == [true, false, false])
        #expect(days[1].posts.map(\.draft) == [1, 3])
        #expect(days[2].posts.map(\.draft) == [2])
        #expect(days.map(\.weekday) == [6, 1, 2])
        #expect(EditorialCalendar.localTime(Self.t("2026-03-29T22:30"), in: Self.berlin.timeZone) == "00:30")
    }

    /// New York moves its clocks on Sunday 8 March 2026; Tuesday 10 March is a cadence day without a post.
    @Test func newYorkAcrossTheSpringChange() throws {
        let posts = [
            Self.post(5, "nyc", "2026-03-08T06:30"),  // Sunday 01:30 EST
            Self.post(6, "nyc", "2026-03-09T04:30"),  // Monday 00:30 EDT (in EST: Sunday 23:30)
            Self.post(7, "acme", "2026-03-09T04:30"),  // another client's post is not nyc's
        ]
        let plan = EditorialCalendar.plan(
            clients: [Self.newYork, Self.berlin], posts: posts, from: Self.t("2026-03-07T00:00"),
            to: Self.t("2026-03-11T00:00"))
        #expect(plan.map(\.client) == ["acme", "nyc"])
        let nyc = try #require(plan.last?.days)
        #expect(nyc.map(\.date) == ["2026-03-08", "2026-03-09", "2026-03-10"])
        #expect(nyc.map(\.gap) == [false, false, true])
        #expect(nyc[1].posts.map(\.draft) == [6])
        #expect(EditorialCalendar.localTime(Self.t("2026-03-09T04:30"), in: Self.newYork.timeZone) == "00:30")
        // In Berlin the same instant is Monday 05:30; Monday is a cadence day there, so it is no gap.
        let acme = try #require(plan.first?.days)
        #expect(acme.first { $0.date == "2026-03-09" }?.gap == false)
        #expect(acme.first { $0.date == "2026-03-09" }?.posts.map(\.draft) == [7])
    }

    @Test func aClientWithoutCadenceHasNoGaps() {
        let quiet = Client(id: "quiet", name: "Quiet")
        let plan = EditorialCalendar.plan(
            clients: [quiet], posts: [], from: Self.t("2026-03-01T00:00"), to: Self.t("2026-04-01T00:00"))
        #expect(plan.first?.days.isEmpty == true)
    }
}
