import FlowCore
import Foundation
import Testing

/// Issue 33's strict input in the core: a day the calendar does not have is refused, never rolled over, and where a
/// post went out is an absolute https address.
@Suite struct StrictInputTests {
    @Test func aDayTheCalendarDoesNotHaveIsRefusedEverywhere() {
        #expect(isRealDate(year: 2028, month: 2, day: 29) && !isRealDate(year: 2026, month: 2, day: 29))
        #expect(!isRealDate(year: 1900, month: 2, day: 29) && isRealDate(year: 2000, month: 2, day: 29))
        #expect(!isRealDate(year: 2026, month: 4, day: 31) && !isRealDate(year: 2026, month: 13, day: 1))
        #expect(parseISOUTC("2026-02-30T10:00:00.000Z") == nil)
        #expect(parseISOUTC("2026-02-28T10:00:00.000Z") != nil)
        #expect(!startsWithRealDate("2026-02-30T10:00:00+02:00") && startsWithRealDate("2026-03-02T10:00:00Z"))
        #expect(startsWithRealDate("not a date"), "text that is no date is for the parser to refuse")
        let utc = TimeZone(identifier: "UTC")!
        #expect(LocalDate.midnight(of: "2027-02-30", in: utc) == nil)
        #expect(LocalDate.midnight(of: "2027-1-06", in: utc) == nil)
        #expect(LocalDate.midnight(of: "2027-01-06", in: utc).map(isoUTC) == "2027-01-06T00:00:00.000Z")
    }

    @Test func wherePostWentOutIsAnAbsoluteHTTPSAddress() {
        for good in ["https://www.linkedin.com/feed/update/1", "HTTPS://x.com/a?b=c#d", "https://li.example:8443/p"] {
            #expect((try? PublishedURL.check(good)) != nil, "\(good)")
        }
        for bad in [
            "notaurl", "http://x.com/1", "https://", "https:///path", "https://x.com/a b", "https://.x.com",
            "https://x.com:/p", "https://x.com:123456/p", "ftp://x.com", "https://x.com\u{7}", "javascript:alert(1)",
        ] {
            let refusal = refusal { () throws(Refusal) in try PublishedURL.check(bad) }
            #expect(refusal?.message.contains("is not an absolute https address") == true, "\(bad)")
        }
    }

    @Test func aPublishTimeInThePastIsRefusedWhenItIsGiven() throws {
        let now = World.t0.addingTimeInterval(60)
        func create(_ publishAt: Date) -> Refusal? {
            refusal { () throws(Refusal) in
                _ = try World.decide(
                    .create(
                        client: "acme", lane: .normal,
                        content: Content(title: "T", body: "B", channels: [], publishAt: publishAt), labels: []),
                    on: nil, by: World.ana)
            }
        }
        let yesterday = now.addingTimeInterval(-86_400)
        let message = create(yesterday)?.message ?? ""
        // Said as the client's clock shows it, the way it was typed; never as UTC ISO.
        let local = SpokenTime.format(
            yesterday, in: World.rules.clients["acme"]?.timeZone, language: .en, now: now)
        #expect(message.contains("the publish time \(local) is in the past"), "\(message)")
        #expect(!message.contains(isoUTC(yesterday)))
        #expect(create(now.addingTimeInterval(-60)) == nil, "what --now sent a moment ago")
        #expect(create(now.addingTimeInterval(86_400)) == nil)
        let draft = try World.created()
        let edit = refusal { () throws(Refusal) in
            _ = try World.decide(
                .edit(ContentPatch(publishAt: now.addingTimeInterval(-3_600))), on: draft, by: World.ana)
        }
        #expect(edit?.message.contains("is in the past") == true)
        // A draft whose time has passed may still be edited otherwise: only a time given now is checked.
        var late = draft
        late.content.publishAt = now.addingTimeInterval(-86_400)
        #expect(
            refusal { () throws(Refusal) in
                _ = try World.decide(.edit(ContentPatch(body: "B2")), on: late, by: World.ana)
            } == nil)
    }

    func refusal(_ body: () throws(Refusal) -> Void) -> Refusal? {
        do throws(Refusal) {
            try body()
            return nil
        } catch {
            return error
        }
    }
}
