import FlowCore
import FlowRender
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

extension ReviewSite {
    /// `GET` and `HEAD /r/<token>/media/<position>`: a medium of the revision the link was made for, exactly when
    /// the link's page would show that revision's content. Any other request (an unknown or malformed token, a
    /// reader who may no longer see the draft, a used, revoked, superseded or expired link, a draft out of review,
    /// a position the revision does not have) is answered as an unknown link is, after the same floor, and an
    /// unknown token counts against the address as it does on the page. Serving changes nothing.
    func medium(
        _ token: String, position raw: String, request: HTTPFields, head: Bool, address: String,
        channel: any Channel, started: ContinuousClock.Instant = .now
    ) async throws -> Response {
        let now = engine.time.now()
        let browser = PageLanguage.choose(user: nil, client: nil, acceptLanguage: request[.acceptLanguage])
        let unknown = StatusPage.link(nil, language: browser)
        func refuse(_ page: StatusPage) async -> Response {
            let response = await status(page, since: started)
            return head ? response.createHeadResponse() : response
        }
        let visit: LinkVisit
        switch try await lookUp(token, acceptLanguage: request[.acceptLanguage], address: address, now: now) {
        case .page(let page): return await refuse(page.status == 429 ? page : unknown)
        case .found(let found): visit = found
        }
        guard let position = Self.position(raw),
            let (medium, path, size) = engine.reviewMedium(
                at: position, link: visit.link, draft: visit.draft, now: now)
        else { return await refuse(unknown) }
        engine.logger.debug(
            "review medium served", metadata: ["link": "\(visit.link.shortHash)", "draft": "\(visit.draft.id)"])
        return try await MediaResponse.make(
            medium, path: path, size: size, request: request, head: head, channel: channel)
    }

    /// A medium's position in its address: 1 to 4 digits, no leading zero, nothing else, so each medium has one
    /// address.
    static func position(_ raw: String) -> Int? {
        guard raw.utf8.count <= 4, raw.first != "0", raw.utf8.allSatisfy({ (48...57).contains($0) }) else {
            return nil
        }
        return Int(raw)
    }
}
