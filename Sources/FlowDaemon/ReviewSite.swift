import Crypto
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

/// The review pages behind review links: `GET /r/<token>` shows the post, `POST /r/<token>` decides. A GET
/// never changes anything (mail scanners and link unfurlers fetch links).
final class ReviewSite: Sendable {
    let engine: Engine
    let pages: PageRenderer
    /// Signs anti-forgery tokens; new at every start, so a form older than the process must be reloaded.
    let formKey: [UInt8] = (0..<32).map { _ in UInt8.random(in: 0...255) }
    /// How many comments each link posted this minute (`LinkCommentBudget`).
    let commentBudget = Mutex(LinkCommentBudget())
    let logger: Logger

    init(engine: Engine, pages: PageRenderer, logger: Logger) {
        self.engine = engine
        self.pages = pages
        self.logger = logger
    }

    /// Loads the templates from the first of `directories` that has them.
    static func load(from directories: [String], engine: Engine, logger: Logger) -> ReviewSite? {
        for directory in directories
        where FileManager.default.fileExists(atPath: directory + "/review.mustache") {
            do {
                return ReviewSite(engine: engine, pages: try PageRenderer(directory: directory), logger: logger)
            } catch {
                logger.critical(
                    "review page templates do not load", metadata: ["path": "\(directory)", "error": "\(error)"])
                return nil
            }
        }
        logger.error("no review page templates found; review links answer 503", metadata: ["path": "\(directories)"])
        return nil
    }

    /// Where templates are: next to the executable in SwiftPM's resource bundle, or installed under share/.
    static var templateDirectories: [String] {
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let bin = URL(fileURLWithPath: exe).deletingLastPathComponent()
        return [
            bin.appendingPathComponent("flowd_FlowDaemon.resources/Templates").path,
            bin.deletingLastPathComponent().appendingPathComponent("share/flowd/templates").path,
        ]
    }

    // MARK: pages

    /// A page as an answer; `frameStyle` is a review page's stylesheet for its media (`PageRenderer.policy`).
    func html(_ template: String, _ page: Any, lang: String, status: Int, frameStyle: String? = nil) -> Response {
        let text = pages.document(template, page, lang: lang)
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .contentSecurityPolicy: pages.policy(frameStyle: frameStyle),
        ]
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A form over `max_body_bytes`: refused before it is read, so before the link is even looked up.
    static func tooLarge(limit: Int, language: PageLanguage) -> StatusPage {
        StatusPage(language: language, heading: PageText.of(language).refused, detail: "> \(limit) bytes", status: 413)
    }

    /// The least time from a request's start to any answer but a live link's review page. Unknown and malformed
    /// tokens stop after one lookup, known ones read their draft as well; held to this floor, a 404 and a 410
    /// take the same time, so the timing tells a guesser nothing about which tokens exist.
    static let answerFloor = Duration.milliseconds(20)

    /// Waits without holding a thread: the floor must not let a flood of unknown links block the listener.
    static func hold(since started: ContinuousClock.Instant) async {
        try? await Task.sleep(until: started.advanced(by: answerFloor), clock: .continuous)
    }

    /// A status page, answered no sooner than `answerFloor` after `started`; a 429 says when to come back.
    func status(_ page: StatusPage, since started: ContinuousClock.Instant) async -> Response {
        var response = html("status", page, lang: page.lang, status: page.status)
        if page.status == 429 {
            response.headers[.retryAfter] = "\(Int(engine.publicFailures.withLock { $0.window }))"
        }
        await Self.hold(since: started)
        return response
    }

    // MARK: anti-forgery

    /// `<issued seconds>.<HMAC of the link's hash and the time>`: bound to one link, valid for 12 hours.
    func formToken(for linkHash: String, at now: Date) -> String {
        let issued = Int64(now.timeIntervalSince1970)
        return "\(issued)." + mac(linkHash, issued)
    }

    func formTokenIsValid(_ token: String, for linkHash: String, at now: Date) -> Bool {
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let issued = Int64(parts[0]), parts[1].utf8.count == 64 else { return false }
        let age = Int64(now.timeIntervalSince1970) - issued
        guard age >= 0, age <= 12 * 3600 else { return false }
        let expected = Array(mac(linkHash, issued).utf8)
        let given = Array(parts[1].utf8)
        // Constant time: compare every byte.
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func mac(_ linkHash: String, _ issued: Int64) -> String {
        HMAC<SHA256>.authenticationCode(for: Data("\(linkHash):\(issued)".utf8), using: SymmetricKey(data: formKey))
            .map { String(format: "%02x", $0) }.joined()
    }

    // MARK: guessing

    func isBlocked(_ address: String, now: Date) -> Bool {
        engine.publicFailures.withLock {
            $0.refusedUntil(address: address, kind: FailedAttempts.reviewLinks, now: now)
        } != nil
    }

    /// Counts an unknown link or feed token against the address, and logs it as `what` with a short prefix of its
    /// hash, once per address and minute.
    func recordMiss(_ what: String, key: String, hash: String, address: String, now: Date) {
        let action = engine.publicFailures.withLock {
            $0.failed(address: address, kind: FailedAttempts.reviewLinks, now: now)
        }
        guard case .log(let count) = action else { return }
        engine.logger.error(
            "\(what)",
            metadata: [
                key: "\(hash.prefix(LinkToken.shortHashLength))", "address": "\(address)", "failures": "\(count)",
            ])
    }
}
