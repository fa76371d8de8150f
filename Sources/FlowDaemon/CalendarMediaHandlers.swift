import FlowCore
import FlowRender
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension ReviewSite {
    /// `GET` and `HEAD /calendar/<token>/<draft>/media/<position>`: a medium of a draft the feed previews, while
    /// the preview shows it (the draft in review, in the feed's client). Anything else is answered as the preview
    /// of a draft that does not exist is, and an unknown feed token counts against the address as it does there.
    func previewMedium(
        _ token: String, draft raw: String, position rawPosition: String, request: HTTPFields, head: Bool,
        address: String, channel: any Channel, started: ContinuousClock.Instant = .now
    ) async throws -> Response {
        let now = engine.time.now()
        guard let client = try await feedClient(token, address: address, now: now),
            let draft = try await previewed(raw, of: client), let position = Self.position(rawPosition),
            let (medium, path, size) = engine.previewMedium(at: position, of: draft)
        else {
            let browser = PageLanguage.choose(user: nil, client: nil, acceptLanguage: request[.acceptLanguage])
            let page =
                isBlocked(address, now: now)
                ? StatusPage.tooMany(language: browser)
                : StatusPage.link(nil, language: browser)
            let response = await status(page, since: started)
            return head ? response.createHeadResponse() : response
        }
        return try await MediaResponse.make(
            medium, path: path, size: size, request: request, head: head, channel: channel)
    }
}
