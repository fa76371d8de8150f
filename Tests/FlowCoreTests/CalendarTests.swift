import FlowCore
import Foundation
import Testing

func local(_ text: String, _ zone: String) -> Date {
    // "2026-03-27 17:30" in the given zone.
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone)!
    let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).map { Int($0)! }
    return calendar.date(
        from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))!
}

func week(_ zone: String, holidays: Set<String> = []) -> BusinessHours {
    BusinessHours(holidays: holidays, timeZone: TimeZone(identifier: zone)!)
}

@Suite struct TimeSpanTests {
    @Test(arguments: [
        ("15m", 900), ("4h", 14_400), ("2d", 172_800), ("1h30m", 5_400), ("90s", 90), ("1d2h3m4s", 93_784),
    ])
    func parses(text: String, seconds: Int64) {
        #expect(TimeSpan(text)?.seconds == seconds)
    }

    @Test(arguments: ["", "h", "4", "4x", "30m1h", "1h1h", "-4h", "4 h", "99999999999h", "１h"])
    func refusesMalformedText(text: String) {
        #expect(TimeSpan(text) == nil)
    }

    @Test func printsTheShortestForm() {
        #expect(TimeSpan(seconds: 5_400).description == "1h30m")
        #expect(TimeSpan(seconds: 0).description == "0s")
        #expect(TimeSpan(seconds: 90_061).description == "1d1h1m1s")
    }

    @Test func timesOfDayParse() {
        #expect(TimeOfDay("09:00")?.minutes == 540)
        #expect(TimeOfDay("24:00")?.minutes == 1440)
        #expect(TimeOfDay("24:01") == nil)
        #expect(TimeOfDay("9:00") == nil)
        #expect(TimeOfDay("12:60") == nil)
    }
}

@Suite struct BusinessHoursTests {
    let berlin = "Europe/Berlin"
    let newYork = "America/New_York"

    @Test func fridayEveningRollsOverTheWeekend() {
        // The issue's own example: Friday 17:30 + 4h in a 09:00-18:00 week is Monday 12:30.
        let due = week(berlin).add(TimeSpan("4h")!, to: local("2026-03-27 17:30", berlin))
        #expect(due == local("2026-03-30 12:30", berlin))
    }

    @Test func anEveningSubmissionStartsNextMorning() {
        let due = week(berlin).add(TimeSpan("2h")!, to: local("2026-06-09 20:00", berlin))
        #expect(due == local("2026-06-10 11:00", berlin))
    }

    @Test func aWeekendSubmissionStartsMonday() {
        let due = week(berlin).add(TimeSpan("1h")!, to: local("2026-06-13 10:00", berlin))
        #expect(due == local("2026-06-15 10:00", berlin))
    }

    @Test func holidaysAreSkipped() {
        let hours = week(berlin, holidays: ["2026-12-24", "2026-12-25"])
        let due = hours.add(TimeSpan("3h")!, to: local("2026-12-23 16:00", berlin))
        #expect(due == local("2026-12-28 10:00", berlin))
    }

    @Test func aDayIsAWorkingDay() {
        let hours = week(berlin, holidays: ["2026-06-10"])
        // Monday 15:00 + 2d skips the Wednesday holiday: Thursday 15:00.
        #expect(hours.add(TimeSpan("2d")!, to: local("2026-06-08 15:00", berlin)) == local("2026-06-11 15:00", berlin))
        // Friday 16:00 + 1d4h: Monday 16:00, then 2h left today and 2h on Tuesday.
        #expect(
            hours.add(TimeSpan("1d4h")!, to: local("2026-06-12 16:00", berlin)) == local("2026-06-16 11:00", berlin))
        // Saturday counts from Monday's opening.
        #expect(hours.add(TimeSpan("1d")!, to: local("2026-06-13 12:00", berlin)) == local("2026-06-16 09:00", berlin))
    }

    @Test(arguments: [
        // Europe/Berlin springs forward on 2026-03-29 and falls back on 2026-10-25 (both Sundays).
        ("Europe/Berlin", "2026-03-27 17:00", "2026-03-30 11:00"),
        ("Europe/Berlin", "2026-10-23 17:00", "2026-10-26 11:00"),
        // America/New_York springs forward on 2026-03-08 and falls back on 2026-11-01.
        ("America/New_York", "2026-03-06 17:00", "2026-03-09 11:00"),
        ("America/New_York", "2026-10-30 17:00", "2026-11-02 11:00"),
    ])
    func workingHoursKeepTheirWallClockAcrossDST(zone: String, from: String, to: String) {
        let due = week(zone).add(TimeSpan("3h")!, to: local(from, zone))
        #expect(due == local(to, zone))
    }

    @Test func aRoundTheClockLaneCountsRealElapsedTimeAcrossDST() {
        let clock = DeadlineClock(kind: .always, hours: week(berlin))
        let start = local("2026-03-28 12:00", berlin)
        let due = clock.add(TimeSpan("1d")!, to: start)
        #expect(due.timeIntervalSince(start) == 86_400)
        // The night lost an hour, so the wall clock reads 13:00.
        #expect(due == local("2026-03-29 13:00", berlin))
    }

    @Test func workingTimeBetweenInstants() {
        let hours = week(newYork)
        let elapsed = hours.workingTime(
            from: local("2026-06-12 17:00", newYork), to: local("2026-06-15 10:30", newYork))
        #expect(elapsed == 2.5 * 3600)
    }

    @Test func aCalendarWithNoWorkingDaysFallsBackToElapsedTime() {
        let hours = BusinessHours(days: [], timeZone: TimeZone(identifier: berlin)!)
        let start = local("2026-06-12 17:00", berlin)
        #expect(hours.add(TimeSpan("1h")!, to: start) == start.addingTimeInterval(3600))
    }
}

@Suite struct ISOTests {
    @Test func formatsUTCWithMilliseconds() {
        #expect(isoUTC(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(isoUTC(Date(timeIntervalSince1970: 1_790_000_000.25)) == "2026-09-21T14:13:20.250Z")
        #expect(isoUTC(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        // A stored millisecond whose Double is a hair under it still prints as itself.
        #expect(isoUTC(Date(timeIntervalSince1970: Double(1_764_128_866_171) / 1000)) == "2025-11-26T03:47:46.171Z")
    }

    @Test func agreesWithFoundationsFormatterAndReadsBackOverTheWholeFourDigitRange() {
        let foundation = ISO8601DateFormatter()
        foundation.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        foundation.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        // Whole milliseconds, as stored, from 1900 to 2200 for Foundation, and from year 1 to 9999 read back.
        for _ in 0..<2_000 {
            let millis = Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            #expect(isoUTC(date) == foundation.string(from: date))
        }
        for _ in 0..<2_000 {
            let millis = Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &generator)
            let text = isoUTC(Date(timeIntervalSince1970: Double(millis) / 1000))
            #expect(parseISOUTC(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } == millis, "\(text)")
        }
        #expect(isoUTC(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00.000Z")
    }
}
