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

    public init(language: PageLanguage, heading: String, detail: String, status: Int) {
        lang = language.rawValue
        text = PageText.of(language)
        self.heading = heading
        self.detail = detail
        self.status = status
    }

    /// The automatic reply of an absent person's own link: until when they are away and who stands in.
    public static func away(until: String, standIn: String?, language: PageLanguage) -> StatusPage {
        let text = PageText.of(language)
        return StatusPage(
            language: language, heading: text.awayUntil.replacingOccurrences(of: "%@", with: until),
            detail: standIn.map { text.awayStandIn.replacingOccurrences(of: "%@", with: $0) } ?? text.awayNobody,
            status: 200)
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
