import FlowAPI
import FlowCore
import Foundation
import Logging

extension WebhookAnswers {
    /// A delivery whose edit attaches a medium by address (`WebhookMedium`, already checked against the source):
    /// answered as every delivery, once per delivery id, and fetched only when the delivery is new and the attach
    /// would be allowed; the body streams from the server to the media directory.
    static func attachFetched(
        _ medium: WebhookMedium, for act: AuthorizedWebhook, _ engine: Engine, fetcher: MediaFetcher?
    ) async -> (Int, Data) {
        guard let fetcher else {
            return answer(
                .failure(Refusal(.invalidRequest, "media by URL are fetched on the public listener only")),
                source: act.source, engine)
        }
        let attachment = Attachment(
            draft: act.intent.draft, alt: medium.alt, position: medium.position, revision: act.intent.body.revision,
            message: act.intent.body.message)
        do {
            let result = try await engine.attachOnce(
                opening: { try await fetcher.get(medium.url) }, attachment,
                by: Actor(user: act.user, via: "webhook:\(act.source)"), receipt: (act.source, act.deliveryID))
            return answer(.success(result), source: act.source, engine)
        } catch {
            engine.logger.error(
                "webhook medium refused",
                metadata: ["source": "\(act.source)", "draft": "\(act.intent.draft)", "error": "\(error)"])
            return answer(.failure(error), source: act.source, engine)
        }
    }
}
