import FlowAPI
import FlowConfig
import FlowCore
import FlowRender
import FlowStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The calendar feed on the public listener: `GET /calendar/<token>.ics`, and a read-only preview of a draft
/// waiting for review at `GET /calendar/<token>/<draft>`. The feed's URL is a shared secret (calendar apps fetch
/// it from their servers), so it shows the plan and never takes a decision: deciding stays with the personal
/// review links. Unknown tokens count against the address like unknown review links.
extension ReviewSite {
    func feed(_ file: String, address: String) async throws -> Response {
        let now = engine.time.now()
        let token = file.hasSuffix(".ics") ? String(file.dropLast(4)) : file
        guard let client = try await feedClient(token, address: address, now: now) else {
            return Self.plain(isBlocked(address, now: now) ? 429 : 404, "no such calendar")
        }
        let text = try await engine.feedDocument(client: client, token: token)
        var headers: HTTPFields = [.contentType: "text/calendar; charset=utf-8", .cacheControl: "private, max-age=300"]
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func preview(
        _ token: String, draft raw: String, acceptLanguage: String?, address: String,
        started: ContinuousClock.Instant = .now
    ) async throws -> Response {
        let now = engine.time.now()
        let browser = PageLanguage.choose(user: nil, client: nil, acceptLanguage: acceptLanguage)
        guard let client = try await feedClient(token, address: address, now: now) else {
            if isBlocked(address, now: now) {
                return await status(
                    StatusPage.tooMany(language: browser),
                    since: started)
            }
            return await status(.link(nil, language: browser), since: started)
        }
        let language = PageLanguage.choose(user: nil, client: client.locale, acceptLanguage: acceptLanguage)
        guard let draft = try await previewed(raw, of: client) else {
            return await status(.link(.live, language: language), since: started)
        }
        var page = try await engine.reviewPage(
            draft, for: client.name, withComments: false, language: language, now: now)
        page.interactive = false
        // Relative to `/calendar/<token>/<draft>`: `<draft>/media/<position>` (`previewMedium`).
        page.linkMedia(under: "\(draft.id)/media/")
        return html("review", page, lang: page.lang, status: 200, frameStyle: page.frameStyle)
    }

    /// The client's draft that `raw` names, when it waits for review: what the feed previews. Another client's
    /// draft, or one no longer in review, is none, like a draft that does not exist.
    func previewed(_ raw: String, of client: Client) async throws -> Draft? {
        guard raw.utf8.count <= 19, let id = Int64(raw), let draft = try await engine.storedDraft(id),
            draft.client == client.id, draft.state == .review
        else { return nil }
        return draft
    }

    /// The feed's client; nil (and a counted miss) for an unknown, revoked or malformed token.
    func feedClient(_ token: String, address: String, now: Date) async throws -> Client? {
        guard !isBlocked(address, now: now) else { return nil }
        if let client = try await engine.feedClient(token: token) { return client }
        recordMiss("unknown calendar feed", key: "feed", hash: LinkToken.hash(token), address: address, now: now)
        return nil
    }

    static func plain(_ status: Int, _ text: String) -> Response {
        Response(
            status: .init(code: status),
            headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
