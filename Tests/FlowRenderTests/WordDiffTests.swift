import FlowCore
import FlowRender
import Foundation
import Testing

@Suite struct WordDiffTests {
    func marked(_ old: String, _ new: String) -> String {
        WordDiff.pieces(from: old, to: new).map {
            switch $0.kind {
            case .same: $0.text
            case .removed: "[-\($0.text)-]"
            case .added: "{+\($0.text)+}"
            }
        }.joined()
    }

    @Test func wordsTakenOutComeBeforeWordsPutInAndSpacingSurvives() {
        #expect(marked("We launch soon.", "We launch on May 1.") == "We launch [-soon.-]{+on May 1.+}")
        #expect(marked("a b c", "a c") == "a [-b -]c")
        #expect(marked("a\n\nb", "a\n\nx b") == "a\n\n{+x +}b")
        #expect(marked("same", "same") == "same")
        #expect(marked("", "new text") == "{+new text+}")
        // Graphemes stay whole: a flag is one word, never split into its scalars.
        #expect(marked("Hi 🇩🇪", "Hi 🇫🇷") == "Hi [-🇩🇪-]{+🇫🇷+}")
    }

    @Test func twoLongDifferentTextsCostLinearTimeAndStillSayWhatChanged() {
        let old = (0..<20_000).map { "a\($0)" }.joined(separator: " ")
        let new = (0..<20_000).map { "b\($0)" }.joined(separator: " ")
        let started = ContinuousClock.now
        let pieces = WordDiff.pieces(from: "keep " + old + " end", to: "keep " + new + " end")
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(pieces.map(\.kind) == [.same, .removed, .added, .same])
        #expect(pieces.first?.text == "keep " && pieces.last?.text == " end")
    }
}

@Suite struct SpokenTimeTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")
    // Wed 9 Dec 2026, 15:30 UTC: 16:30 in Berlin's winter time.
    let winter = Date(timeIntervalSince1970: 1_796_830_200)

    @Test func aTimeReadsWithWeekdayLocalTimeAndZoneInTheReadersLanguage() {
        #expect(SpokenTime.format(winter, in: berlin, language: .en, now: winter) == "Wed 9 Dec, 16:30 CET")
        #expect(SpokenTime.format(winter, in: berlin, language: .de, now: winter) == "Mi. 9. Dez., 16:30 MEZ")
        let summer = Date(timeIntervalSince1970: 1_784_289_600)  // Fri 17 Jul 2026, 12:00 UTC
        #expect(SpokenTime.format(summer, in: berlin, language: .en, now: winter) == "Fri 17 Jul, 14:00 CEST")
        // Another year says so; a zone without a short name gives its offset.
        let next = winter.addingTimeInterval(365 * 86_400)
        #expect(SpokenTime.format(next, in: berlin, language: .en, now: winter) == "Thu 9 Dec 2027, 16:30 CET")
        #expect(
            SpokenTime.format(winter, in: TimeZone(identifier: "Asia/Kolkata"), language: .en, now: winter)
                == "Wed 9 Dec, 21:00 UTC+5:30")
        #expect(SpokenTime.format(winter, in: nil, language: .en, now: winter) == "Wed 9 Dec, 15:30 UTC")
    }
}
