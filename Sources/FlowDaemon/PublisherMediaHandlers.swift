import FlowCore
import FlowRender
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

extension ReviewSite {
    /// `GET` and `HEAD /p/<draft>/<sha256>/<token>`: an approved medium for its publisher (`MediaAddress`), while
    /// the draft is approved with it. A token that is not the medium's counts against the address as an unknown
    /// review link does; every refusal is answered as an unknown link is, after the same floor.
    func publisherMedium(
        draft raw: String, sha256: String, token: String, request: HTTPFields, head: Bool, address: String,
        channel: any Channel, started: ContinuousClock.Instant = .now
    ) async throws -> Response {
        let now = engine.time.now()
        let browser = PageLanguage.choose(user: nil, client: nil, acceptLanguage: request[.acceptLanguage])
        func refuse(_ page: StatusPage) async -> Response {
            let response = await status(page, since: started)
            return head ? response.createHeadResponse() : response
        }
        if isBlocked(address, now: now) {
            return await refuse(
                StatusPage.tooMany(language: browser))
        }
        guard raw.utf8.count <= 19, let id = Int64(raw), Medium.isSHA256(sha256),
            engine.linkKey.isMediaToken(token, draft: id, sha256: sha256)
        else {
            recordMiss(
                "unknown medium address", key: "medium", hash: LinkToken.hash(token), address: address, now: now)
            return await refuse(.link(nil, language: browser))
        }
        guard let (medium, path, size) = try await engine.approvedMedium(sha256, draft: id) else {
            return await refuse(.link(nil, language: browser))
        }
        engine.logger.debug("approved medium served", metadata: ["draft": "\(id)"])
        return try await MediaResponse.make(
            medium, path: path, size: size, request: request, head: head, channel: channel)
    }
}
