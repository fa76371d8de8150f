import FlowCore
import Foundation
import Testing

@testable import FlowRender

@Suite struct ICalendarFeedTests {
    static let client = Client(
        id: "acme", name: "ACME, Inc.", hours: BusinessHours(timeZone: TimeZone(identifier: "Europe/Berlin")!))

    static func post(_ id: Int64, _ title: String, _ state: DraftState, channels: [String] = ["linkedin"])
        -> PlannedPost
    {
        PlannedPost(
            draft: id, client: "acme", title: title, state: state, channels: channels,
            publishAt: Date(timeIntervalSince1970: 1_796_030_000), whoseMove: .company)
    }

    @Test func eventsWithEscapedTextFoldedLinesAndLinksForReviewOnly() {
        let long = String(repeating: "Ünïcode ", count: 20)
        let text = ICalendarFeed.render(
            client: Self.client,
            posts: [
                Self.post(1, "Launch; big, bold\\new\nline", .review), Self.post(2, long, .approved, channels: []),
                Self.post(3, "Gone", .withdrawn),
            ],
            now: Date(timeIntervalSince1970: 1_795_000_000), host: "review.example.com"
        ) { $0.state == .review ? "https://review.example.com/calendar/T/\($0.draft)" : nil }
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.components(separatedBy: "BEGIN:VEVENT").count == 3)
        #expect(text.contains("SUMMARY:Launch\\; big\\, bold\\\\new\\nline (review)\r\n"))
        #expect(text.contains("X-WR-CALNAME:ACME\\, Inc. · editorial calendar\r\n"))
        #expect(text.contains("UID:flowd-draft-1@review.example.com\r\n"))
        #expect(text.contains("DTSTART:20261130T091320Z\r\n"))
        #expect(
            text.contains("STATUS:TENTATIVE\r\nCATEGORIES:linkedin\r\nURL:https://review.example.com/calendar/T/1\r\n"))
        #expect(text.contains("STATUS:CONFIRMED\r\nEND:VEVENT"))
        #expect(!text.contains("Gone"))
        // No line is longer than 75 octets, and a folded line continues with a space.
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
        #expect(text.contains("\r\n "))
    }

    @Test func foldingNeverSplitsACharacter() {
        let folded = ICalendarFeed.fold("SUMMARY:" + String(repeating: "€", count: 40))
        let lines = folded.components(separatedBy: "\r\n ")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.joined() == "SUMMARY:" + String(repeating: "€", count: 40))
    }
}
