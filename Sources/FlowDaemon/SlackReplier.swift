import FlowConfig
import FlowCore
import Logging

/// Queues a Slack source's answer to one button press in the outbox, to the interaction's `response_url` when
/// it lies under the source's `response_url_prefix`; Slack's retries of the press do not repeat it.
struct SlackReplier: Sendable {
    let engine: Engine
    let source: WebhookSource
    let intent: WebhookIntent

    func send(_ message: JSONValue, event: Int64 = 0) async {
        guard let sink = source.replySink, let url = intent.responseURL, url.hasPrefix(source.responseURLPrefix)
        else { return }
        do {
            try await engine.queueReply(
                sink: sink.name, type: "slack.reply", draftID: intent.draft, eventID: event, payload: message.text,
                target: url)
        } catch {
            engine.logger.critical(
                "cannot queue a Slack reply", metadata: ["draft": "\(intent.draft)", "error": "\(error)"])
        }
    }
}
