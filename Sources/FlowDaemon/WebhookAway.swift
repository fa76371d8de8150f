import FlowAPI
import FlowConfig
import FlowCore
import FlowRender
import Foundation

/// A Slack "I'm away" press (`SlackMessage`'s inputs): the presser is away until the day they picked, in their
/// client's time zone, with the person they chose standing in, recorded in their own name by the rules of
/// `flowctl away set`. Only the presser hears the answer.
extension WebhookAnswers {
    static func goAway(_ press: AuthorizedAway, _ engine: Engine) async -> (Int, Data) {
        let zone = engine.configured { config in
            config.directory.clients.values.first { $0.lists(press.user.name) }?.timeZone
        }
        guard let text = press.away.until, let until = LocalDate.midnight(of: text, in: zone ?? .gmt),
            until > engine.time.now()
        else {
            await press.slack.send(SlackReply.onlyYou(SlackReply.pickADay(press.language)))
            return (400, JSONResponse.errorData(.invalidRequest, "pick the day you are back, after today"))
        }
        do {
            let absence = try await engine.setAway(
                press.user.name, from: engine.time.now(), until: until, standIn: press.away.standIn, message: nil,
                by: Actor(user: press.user, via: "webhook:\(press.source)"))
            await press.slack.send(
                SlackReply.onlyYou(
                    SlackReply.away(
                        until: SpokenTime.day(until, in: zone, language: press.language, now: engine.time.now()),
                        standIn: absence.standIn, language: press.language)))
            return (200, (try? WireJSON.encoder().encode(AbsenceView(absence))) ?? Data())
        } catch {
            if let (_, message) = ErrorAnswer.wire(error) {
                await press.slack.send(SlackReply.onlyYou(TextEscaping.slack(message)))
            }
            return answer(.failure(error), source: press.source, engine)
        }
    }
}
