public import FlowCore
import Foundation

/// A page that states an outcome or why a link does not work, and never shows a draft's content.
public struct StatusPage: Sendable {
    public var lang: String
    public var text: PageText
    public var heading: String
    public var detail: String
    /// 200 for an outcome, 404 for an unknown link, 410 for one that no longer works, 403 or 429 otherwise.
    public var status: Int
    /// The post the page is about ("“Launch post” · ACME Corp"), for a link whose person may still see it.
    public var post: String?
    /// A way back (`back`, relative to the page) and what it is called.
    public var back: String?
    public var backLabel: String?
    /// The agency's name, which the page is signed with.
    public var agency: String?

    public init(language: PageLanguage, heading: String, detail: String, status: Int) {
        lang = language.rawValue
        text = PageText.of(language)
        self.heading = heading
        self.detail = detail
        self.status = status
    }

    /// An address that guessed too often, held off before any lookup.
    public static func tooMany(language: PageLanguage) -> StatusPage {
        StatusPage(language: language, heading: PageText.of(language).tooMany, detail: "", status: 429)
    }

    /// The automatic reply of an absent person's own link: until when they are away and who stands in.
    public static func away(until: String, standIn: String?, language: PageLanguage) -> StatusPage {
        let text = PageText.of(language)
        return StatusPage(
            language: language, heading: text.awayUntil.replacingOccurrences(of: "%@", with: until),
            detail: standIn.map { text.awayStandIn.replacingOccurrences(of: "%@", with: $0) } ?? text.awayNobody,
            status: 200)
    }

    /// The page about `draft`, seen by a person who may see it, signed by the agency.
    public func about(_ draft: Draft, in directory: Directory) -> StatusPage {
        var page = self
        page.post = "“\(draft.content.title)” · " + (directory.clients[draft.client]?.name ?? draft.client)
        page.agency = directory.agencyName
        return page
    }

    /// With a link back to the post, relative to `/r/<token>`.
    public func back(to token: String) -> StatusPage {
        var page = self
        page.back = token
        page.backLabel = text.backToPost
        return page
    }

    /// Why a link does not work. Unknown and malformed links answer alike.
    public static func link(_ status: ReviewLink.Status?, language: PageLanguage) -> StatusPage {
        let text = PageText.of(language)
        switch status {
        case nil:
            return StatusPage(
                language: language, heading: text.linkUnknown, detail: text.linkUnknownDetail, status: 404)
        case .live: return StatusPage(language: language, heading: text.draftDone, detail: text.askAgency, status: 410)
        case .used:
            return StatusPage(language: language, heading: text.linkUsed, detail: text.linkUsedDetail, status: 410)
        case .revoked:
            return StatusPage(language: language, heading: text.linkRevoked, detail: text.askAgency, status: 410)
        case .superseded:
            return StatusPage(
                language: language, heading: text.linkSuperseded, detail: text.linkSupersededDetail, status: 410)
        case .expired:
            return StatusPage(
                language: language, heading: text.linkExpired, detail: text.linkExpiredDetail, status: 410)
        }
    }
}
