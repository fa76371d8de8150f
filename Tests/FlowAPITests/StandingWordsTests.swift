import FlowAPI
import FlowCore
import Foundation
import Testing

/// The words `flowctl links` and `flowctl status` show for a link's and a sink's standing: the mapping from the
/// domain's values lives in FlowAPI, and these words are the wire's.
@Suite struct StandingWordsTests {
    private static let at = Date(timeIntervalSince1970: 1_700_000_000)

    private static func link() -> ReviewLink {
        ReviewLink(
            tokenHash: "abcdefabcdefabcdef", draftID: 7, revision: 2, user: "carl", createdAt: at,
            expiresAt: at.addingTimeInterval(3_600), mintedBy: "ann", shownTo: "carl")
    }

    @Test func aLinkSaysItsStatusInAWordAndWhyItIsDead() {
        let cases: [(ReviewLink.Status, String, String?)] = [
            (.live, "live", nil),
            (.used(at: Self.at), "used", "used at \(isoUTC(Self.at))"),
            (.revoked(why: "lost phone"), "revoked", "lost phone"),
            (.superseded(byRevision: 3), "superseded", "the draft is at revision 3"),
            (.expired(at: Self.at), "expired", "expired at \(isoUTC(Self.at))"),
        ]
        for (status, word, detail) in cases {
            let view = LinkView(Self.link(), status: status)
            #expect(view.status == word)
            #expect(view.detail == detail)
            #expect(view.hash == "abcdefabcdef")
            #expect(view.mintedBy == "ann" && view.shownTo == "carl")
        }
    }

    @Test func aRemovedSinkHasNoTargetAndSaysWhyItIsListed() {
        let removed = SinkStatus(
            SinkStanding(name: "old", target: nil, format: nil, state: .removed, pending: 1, delivered: 2, dead: 3))
        #expect(
            removed
                == SinkStatus(
                    name: "old", target: "-", format: "-", state: "removed", disabledAt: nil,
                    reason: "not in the config any more", pending: 1, delivered: 2, dead: 3))
        let disabled = SinkStatus(
            SinkStanding(
                name: "hook", target: "https://example.com", format: .slack,
                state: .disabled(at: Self.at, reason: "410 Gone"), pending: 0, delivered: 0, dead: 0))
        #expect(disabled.state == "disabled" && disabled.disabledAt == Self.at && disabled.reason == "410 Gone")
        #expect(disabled.format == "slack")
    }
}
