import Foundation
import Testing

@testable import FlowCore

@Suite struct WorkingCalendarTests {
    /// A small deterministic generator, so a failure names a case that repeats.
    struct Mix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let weeks: [(String, BusinessHours)] = [
        ("Berlin with a holiday", week("Europe/Berlin", holidays: ["2026-04-03", "2026-04-06"])),
        (
            "New York, Tuesday to Saturday, 10:00 to midnight",
            BusinessHours(
                days: [3, 4, 5, 6, 7], start: TimeOfDay(minutes: 600), end: TimeOfDay(minutes: 1440),
                timeZone: TimeZone(identifier: "America/New_York")!)
        ),
        (
            "Santiago, whose clocks change at midnight",
            BusinessHours(
                days: [1, 2, 3, 4, 5, 6, 7], start: TimeOfDay(minutes: 0), end: TimeOfDay(minutes: 1440),
                holidays: ["2026-04-05"], timeZone: TimeZone(identifier: "America/Santiago")!)
        ),
        (
            "Lord Howe, whose clocks move half an hour, with two weeks of holidays",
            BusinessHours(
                holidays: Set((6...17).map { "2026-04-" + ($0 < 10 ? "0" : "") + "\($0)" }),
                timeZone: TimeZone(identifier: "Australia/Lord_Howe")!)
        ),
        ("Kolkata, without DST", week("Asia/Kolkata")),
    ]

    /// Around DST changes (Europe on 29 March, New York on 8 March, Santiago at midnight on 4/5 April, Lord Howe
    /// by half an hour on 5 April 2026), weekends and holidays, the clock answers exactly what a walk through
    /// Foundation's calendar day by day answers: from a table laid out for the stretch, as the report asks, and
    /// from one laid out for each question, as deadlines ask.
    @Test(arguments: 0..<5)
    func answersWhatAWalkThroughTheCalendarAnswers(week index: Int) {
        let (_, hours) = Self.weeks[index]
        let walk = WalkingClock(hours: hours)
        let start = Date(timeIntervalSince1970: 1_772_323_200)  // 2026-03-01T00:00Z
        let table = WorkingCalendar(hours: hours, from: start, to: start.addingTimeInterval(60 * 86_400))
        var mix = Mix(state: UInt64(index + 1))
        let spans = ["15m", "4h", "8h", "1d", "1d4h", "2d", "3d30m", "0s", "9d"].map { TimeSpan($0)! }
        for _ in 0..<2_000 {
            let a = start.addingTimeInterval(Double(mix.next(50 * 86_400)) + Double(mix.next(1000)) / 1000)
            let b = a.addingTimeInterval(Double(mix.next(9 * 86_400)))
            let worked = walk.workingTime(from: a, to: b)
            #expect(abs(table.workingTime(from: a, to: b) - worked) < 0.001, "\(a) \(b)")
            #expect(abs(hours.workingTime(from: a, to: b) - worked) < 0.001, "\(a) \(b)")
            let span = spans[mix.next(spans.count)]
            let due = walk.add(span, to: a)
            #expect(abs(table.add(span, to: a).timeIntervalSince(due)) < 0.001, "\(span) after \(a)")
            #expect(abs(hours.add(span, to: a).timeIntervalSince(due)) < 0.001, "\(span) after \(a)")
        }
    }

    /// A window that would run past midnight (22:00 to 06:00) is no working time, as the walk says; a deadline on
    /// such a week counts around the clock, and no time between two instants is working time.
    @Test func anOvernightWindowIsNoWorkingTime() {
        let hours = BusinessHours(
            start: TimeOfDay(minutes: 22 * 60), end: TimeOfDay(minutes: 6 * 60),
            timeZone: TimeZone(identifier: "Europe/Berlin")!)
        let walk = WalkingClock(hours: hours)
        let start = local("2026-03-02 23:00", "Europe/Berlin")
        #expect(hours.add(TimeSpan("2h")!, to: start) == walk.add(TimeSpan("2h")!, to: start))
        #expect(hours.add(TimeSpan("2h")!, to: start) == start.addingTimeInterval(7_200))
        #expect(hours.workingTime(from: start, to: start.addingTimeInterval(86_400)) == 0)
    }

    @Test func civilDates() {
        #expect(WorkingCalendar.civil(0) == (1970, 1, 1))
        #expect(WorkingCalendar.civil(-1) == (1969, 12, 31))
        #expect(WorkingCalendar.civil(19_782) == (2024, 2, 29))
        #expect(WorkingCalendar.civil(20_513) == (2026, 3, 1))
    }

    @Test func outsideItsStretchAsksBusinessHours() {
        let hours = week("Europe/Berlin")
        let walk = WalkingClock(hours: hours)
        let start = local("2026-03-02 09:00", "Europe/Berlin")
        let table = WorkingCalendar(hours: hours, from: start, to: start.addingTimeInterval(86_400))
        let later = start.addingTimeInterval(30 * 86_400)
        #expect(table.add(TimeSpan("2d")!, to: later) == hours.add(TimeSpan("2d")!, to: later))
        #expect(table.workingTime(from: start, to: later) == hours.workingTime(from: start, to: later))
        #expect(
            abs(table.add(TimeSpan("2d")!, to: later).timeIntervalSince(walk.add(TimeSpan("2d")!, to: later))) < 0.001)
        #expect(abs(table.workingTime(from: start, to: later) - walk.workingTime(from: start, to: later)) < 0.001)
    }
}

@Suite struct DurationHistogramTests {
    @Test func percentilesByNearestRank() {
        var histogram = DurationHistogram()
        #expect(histogram.percentile(0.5) == nil)
        for seconds in [60.0, 120, 180, 240, 3_600] { histogram.record(seconds: seconds) }
        #expect(histogram.count == 5)
        #expect(histogram.percentile(0.5) == 180)
        #expect(histogram.percentile(0.9) == 3_600)
        #expect(histogram.percentile(0.2) == 60)
        #expect(histogram.max == 3_600)
    }

    @Test func largeValuesAreKeptWithinATenthOfAPercent() {
        var histogram = DurationHistogram()
        histogram.record(seconds: 1_000_003)
        histogram.record(seconds: 2_000_000)
        let p50 = Double(histogram.percentile(0.5)!)
        #expect(p50 <= 1_000_003 && p50 > 1_000_003 * 0.999)
        #expect(histogram.percentile(1) == 2_000_000)
    }
}
