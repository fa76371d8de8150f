import Foundation

/// What `WebhookAnswers.plan` decided for a delivery.
enum WebhookPlan {
    /// Answered without a transition: refused, or not for us.
    case reply(Int, Data)
    /// Verified and allowed: run the transition once per delivery.
    case act(AuthorizedWebhook)
    /// A Slack "I'm away" press from a person the source may act for: record their absence.
    case away(AuthorizedAway)
}
