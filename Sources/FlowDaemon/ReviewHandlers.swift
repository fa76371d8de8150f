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
import Synchronization

/// A review link's draft and reader, or the page that says why there is none.
enum LookUp {
    case found(LinkVisit)
    case page(StatusPage)
}

/// What a review link leads to, once it is known to work.
struct LinkVisit {
    var token: String
    var hash: String
    var link: ReviewLink
    var draft: Draft
    var reader: User
    var language: PageLanguage
}

extension ReviewSite {
    /// The link, its draft and its reader; or the page saying why the link does not work. Unknown and malformed
    /// tokens take the same path (a hash and a lookup), so their timing tells nothing.
    func lookUp(_ token: String, acceptLanguage: String?, address: String, now: Date) async throws -> LookUp {
        let browser = PageLanguage.choose(user: nil, client: nil, acceptLanguage: acceptLanguage)
        if isBlocked(address, now: now) {
            return .page(StatusPage.tooMany(language: browser))
        }
        let hash = LinkToken.hash(token)
        guard let (link, draft) = try await engine.reviewLink(hash: hash), LinkToken.isWellFormed(token) else {
            recordMiss("unknown review link", key: "link", hash: hash, address: address, now: now)
            return .page(.link(nil, language: browser))
        }
        let directory = engine.config.directory
        let client = directory.clients[draft.client]
        guard let reader = directory.users[link.user], directory.scope(of: reader).contains(draft.client) else {
            return .page(.link(.revoked(why: "no longer a member"), language: browser))
        }
        let language = PageLanguage.choose(user: reader.locale, client: client?.locale, acceptLanguage: acceptLanguage)
        return .found(
            LinkVisit(token: token, hash: hash, link: link, draft: draft, reader: reader, language: language))
    }

    /// `GET /r/<token>`: the review page, an outcome (`?done=`) or why the link does not work. `started` is when
    /// the request came in: every answer but the review page is held until `answerFloor` after it.
    func show(
        _ token: String, done: String?, acceptLanguage: String?, address: String,
        started: ContinuousClock.Instant = .now
    ) async throws -> Response {
        let now = engine.time.now()
        let visit: LinkVisit
        switch try await lookUp(token, acceptLanguage: acceptLanguage, address: address, now: now) {
        case .page(let page): return await status(page, since: started)
        case .found(let found): visit = found
        }
        let directory = engine.configured { $0.directory }
        if let done, var outcome = try await outcome(done, visit) {
            // After a decision, the way on leads to whatever else waits for the person.
            if outcome.back == nil, let inbox = try await inboxAddress(for: visit, now: now) {
                outcome.back = inbox
                outcome.backLabel = outcome.text.toInbox
            }
            return await status(outcome.about(visit.draft, in: directory), since: started)
        }
        if let away = awayReply(visit) { return await status(away.about(visit.draft, in: directory), since: started) }
        let linkStatus = visit.link.status(draftRevision: visit.draft.revision, now: now, key: engine.linkKey)
        guard linkStatus == .live else {
            return await status(
                StatusPage.link(linkStatus, language: visit.language).about(visit.draft, in: directory), since: started)
        }
        guard visit.draft.state == .review else {
            return await status(
                StatusPage.link(.live, language: visit.language).about(visit.draft, in: directory), since: started)
        }
        return try await page(visit, now: now, error: nil, reason: "", status: 200)
    }

    /// While the link's person is away, their links answer who stands in, whatever became of the link.
    func awayReply(_ visit: LinkVisit) -> StatusPage? {
        let directory = engine.configured { $0.directory }
        guard visit.draft.state == .review, let absence = directory.presence.absences[visit.reader.name] else {
            return nil
        }
        let zone = directory.clients[visit.draft.client]?.timeZone
        let standIn = directory.presence.actingFor(visit.reader.name).map(displayName)
        return .away(
            until: SpokenTime.day(absence.end, in: zone, language: visit.language, now: engine.time.now()),
            standIn: standIn, language: visit.language)
    }

    func page(_ visit: LinkVisit, now: Date, error: String?, reason: String, status: Int) async throws -> Response {
        var page = try await engine.reviewPage(
            visit.draft, for: visit.reader.name, withComments: true, language: visit.language, now: now)
        page.csrf = formToken(for: visit.hash, at: now)
        page.inbox = try await inboxAddress(for: visit, now: now)
        page.error = error
        page.reason = reason
        // Relative to `/r/<token>`, so a path the proxy in front of flowd adds stays in the address.
        page.linkMedia(under: "\(visit.token)/media/")
        return html("review", page, lang: page.lang, status: status, frameStyle: page.frameStyle)
    }

    /// What `?done=` reports, when the draft's record bears it out; nil shows the link's page as usual.
    func outcome(_ done: String, _ visit: LinkVisit) async throws -> StatusPage? {
        let text = PageText.of(visit.language)
        let draft = visit.draft
        func did(_ kind: EventKind) async throws -> Bool {
            try await engine.hasEvent(
                draftID: draft.id, actor: visit.reader.name, revision: visit.link.revision, kind: kind)
        }
        func said(_ heading: String) -> StatusPage {
            StatusPage(language: visit.language, heading: heading, detail: text.askAgency, status: 200)
        }
        // While the post is still in review, the way back leads to it: there is more one may do there.
        func saidWithWayBack(_ heading: String) -> StatusPage {
            let page = said(heading)
            return draft.state == .review && draft.revision == visit.link.revision ? page.back(to: visit.token) : page
        }
        // Every action is listed, so that a new one is offered or left out here on purpose.
        switch Action(rawValue: done) {
        case .approve:
            guard try await did(.approve) else { return nil }
            return said(text.approved.replacingOccurrences(of: "%@", with: "\(visit.link.revision)"))
        case .requestChanges:
            guard try await did(.requestChanges) else { return nil }
            return said(text.changesRequested)
        case .comment:
            guard try await did(.comment) else { return nil }
            return saidWithWayBack(text.commented)
        case .acknowledge:
            guard let until = draft.acknowledgedUntil else { return nil }
            let zone = engine.config.directory.clients[draft.client]?.timeZone
            let spoken = SpokenTime.format(until, in: zone, language: visit.language, now: engine.time.now())
            return saidWithWayBack(text.acknowledged.replacingOccurrences(of: "%@", with: spoken))
        case .create, .edit, .submit, .publish, .withdraw, nil: return nil
        }
    }

    /// `POST /r/<token>`: a decision, an acknowledgement or a comment, then a redirect to a page that states it.
    func decide(
        _ token: String, form read: Result<[String: String], FormFields.Refusal>, origin: String?,
        acceptLanguage: String?, address: String,
        started: ContinuousClock.Instant = .now
    ) async throws -> Response {
        let now = engine.time.now()
        let visit: LinkVisit
        switch try await lookUp(token, acceptLanguage: acceptLanguage, address: address, now: now) {
        case .page(let page): return await status(page, since: started)
        case .found(let found): visit = found
        }
        let text = PageText.of(visit.language)
        let refused = StatusPage(language: visit.language, heading: text.refused, detail: text.formExpired, status: 403)
        // Under `Referrer-Policy: no-referrer` browsers send `Origin: null` even for the page's own forms
        // (Fetch: "append a request Origin header"); any other origin is foreign. The anti-forgery token is
        // required either way.
        if let origin, origin != "null", origin != publicOrigin { return await status(refused, since: started) }
        let form: [String: String]
        switch read {
        case .success(let fields): form = fields
        case .failure(let refusal):
            logRefused(visit, "form", why: refusal.description)
            let page = StatusPage(
                language: visit.language, heading: text.refused, detail: text.formGarbled, status: 400)
            return await status(page, since: started)
        }
        guard formTokenIsValid(form["csrf"] ?? "", for: visit.hash, at: now) else {
            return await status(refused, since: started)
        }
        let linkStatus = visit.link.status(draftRevision: visit.draft.revision, now: now, key: engine.linkKey)
        guard linkStatus == .live else {
            return await status(.link(linkStatus, language: visit.language), since: started)
        }
        guard visit.draft.state == .review else {
            return await status(.link(.live, language: visit.language), since: started)
        }

        if form["action"] == "away" { return try await goAway(form, visit, token: token, now: now, started: started) }
        let action: Action
        let request: FlowCore.Request
        switch try await ask(form, visit, now: now, started: started) {
        case .answer(let response): return response
        case .request(let asked, let made): (action, request) = (asked, made)
        }
        let decides = action == .approve || action == .requestChanges
        do {
            _ = try await engine.commit(
                request, on: visit.draft.id,
                by: Actor(user: visit.reader, via: Actor.reviewLink, linkShownTo: visit.link.shownTo), receipt: nil,
                usingLink: decides ? visit.hash : nil)
        } catch {
            return try await refusal(error, visit, started: started)
        }
        if action == .comment { commentBudget.withLock { $0.posted(link: visit.hash, now: now) } }
        return done(token, action.rawValue)
    }

    /// The page that refuses what a link's form asked, with the domain's reason; an error that is no refusal is
    /// thrown on.
    func refusal(_ error: any Error, _ visit: LinkVisit, started: ContinuousClock.Instant) async throws -> Response {
        guard let (code, message) = ErrorAnswer.wire(error) else { throw error }
        engine.logger.error(
            "review link refused",
            metadata: ["link": "\(visit.link.shortHash)", "draft": "\(visit.draft.id)", "code": "\(code.rawValue)"])
        let text = PageText.of(visit.language)
        let page = StatusPage(language: visit.language, heading: text.refused, detail: message, status: 409)
        return await status(page.about(visit.draft, in: engine.configured { $0.directory }), since: started)
    }

    /// The redirect after a form's action, to the link's page saying what was done (`?done=`).
    func done(_ token: String, _ what: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = "/r/\(token)?done=\(what)"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Response(status: .seeOther, headers: headers)
    }

    /// What a page's form asks: the domain's request for one of the four things a page offers, at the link's
    /// revision; or the answer that refuses it (no reason given, the comment budget spent, a bad promise).
    private enum Asked {
        case request(Action, FlowCore.Request)
        case answer(Response)
    }

    private func ask(_ form: [String: String], _ visit: LinkVisit, now: Date, started: ContinuousClock.Instant)
        async throws -> Asked
    {
        let text = PageText.of(visit.language)
        let refused = StatusPage(language: visit.language, heading: text.refused, detail: text.formExpired, status: 403)
        let message = form["message"].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        let said = message.isEmpty ? nil : message
        let revision = visit.link.revision
        switch Action(rawValue: form["action"] ?? "") {
        case .approve:
            return .request(.approve, FlowCore.Request(.approve, expectedRevision: revision))
        case let action? where action.refusal(ofMessage: message) != nil:
            let error = action == .comment ? text.commentRequired : text.reasonRequired
            return .answer(try await page(visit, now: now, error: error, reason: "", status: 422))
        case .comment:
            if let over = try await commentRefused(visit, now: now, started: started) { return .answer(over) }
            return .request(.comment, FlowCore.Request(.comment, expectedRevision: revision, message: said))
        case .requestChanges:
            return .request(
                .requestChanges, FlowCore.Request(.requestChanges, expectedRevision: revision, message: said))
        case .acknowledge:
            guard let hours = form["hours"].flatMap(Int.init), (1...48).contains(hours) else {
                return .answer(await status(refused, since: started))
            }
            let until = now.addingTimeInterval(Double(hours) * 3600)
            return .request(
                .acknowledge, FlowCore.Request(.acknowledge(until: until), expectedRevision: revision, message: said))
        case .create, .edit, .submit, .publish, .withdraw, nil:
            // The page offers a reviewer's actions only: a new action is left out here on purpose, or offered.
            return .answer(await status(refused, since: started))
        }
    }

    /// The answer refusing one more comment through this link (too fast, or the round's are spent); nil allows it.
    private func commentRefused(_ visit: LinkVisit, now: Date, started: ContinuousClock.Instant) async throws
        -> Response?
    {
        let text = PageText.of(visit.language)
        let posted = try await engine.linkComments(
            draftID: visit.draft.id, actor: visit.reader.name, revision: visit.link.revision)
        switch commentBudget.withLock({ $0.judge(link: visit.hash, postedThisRound: posted, now: now) }) {
        case .allowed:
            return nil
        case .tooFast(let seconds):
            logRefused(visit, "comment", why: "\(LinkCommentBudget.perMinute) comments a minute through one link")
            var response = await status(
                StatusPage(language: visit.language, heading: text.refused, detail: text.commentsTooFast, status: 429),
                since: started)
            response.headers[.retryAfter] = "\(seconds)"
            return response
        case .roundFull:
            logRefused(visit, "comment", why: "\(LinkCommentBudget.perRound) comments a round through links")
            return await status(
                StatusPage(
                    language: visit.language, heading: text.refused, detail: text.commentsRoundFull, status: 403),
                since: started)
        }
    }

    /// At error: bad input from outside (a comment or a form), logged with the link's short hash and why.
    private func logRefused(_ visit: LinkVisit, _ what: String, why: String) {
        engine.logger.error(
            "review link \(what) refused",
            metadata: ["link": "\(visit.link.shortHash)", "draft": "\(visit.draft.id)", "reason": "\(why)"])
    }

    /// `scheme://host[:port]` of `public_url`: the only `Origin` a form may come from.
    var publicOrigin: String? {
        guard let url = engine.config.webhooks?.publicURL.flatMap(URL.init(string:)), let scheme = url.scheme,
            let host = url.host
        else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }

    /// The page's form (`FormFields`), or why it is refused.
    static func form(_ bytes: ByteBuffer) -> Result<[String: String], FormFields.Refusal> {
        Result { () throws(FormFields.Refusal) in try FormFields.parse(bytes.readableBytesView) }
    }
}
