/// Slack's interactive payload: the fields flowd reads from a `block_actions` button press.
struct SlackInteraction: Decodable {
    struct SlackUser: Decodable { var id: String }
    struct SlackAction: Decodable {
        var actionID: String?
        var value: String?

        enum CodingKeys: String, CodingKey {
            case actionID = "action_id"
            case value
        }
    }
    /// The values of the message's inputs when the button was pressed: the "I'm away" day and stand-in.
    struct State: Decodable {
        struct Value: Decodable {
            struct Option: Decodable { var value: String }
            var selectedDate: String?
            var selectedOption: Option?

            enum CodingKeys: String, CodingKey {
                case selectedDate = "selected_date"
                case selectedOption = "selected_option"
            }
        }
        var values: [String: [String: Value]]
    }
    var type: String
    var user: SlackUser
    var actions: [SlackAction]
    var state: State?
    /// Where Slack takes the answer: an update of the message, or a reply only the presser sees.
    var responseURL: String?

    enum CodingKeys: String, CodingKey {
        case type, user, actions, state
        case responseURL = "response_url"
    }

    /// A pick of the "I'm away" day or stand-in, which carries no value and asks nothing yet.
    var isAwayInput: Bool {
        actions.first.map { ["away_until", "away_stand_in"].contains($0.actionID ?? "") } ?? false
    }

    /// The day and stand-in an "I'm away" press carries (`SlackMessage`'s inputs, by their action ids).
    var away: SlackAway {
        var away = SlackAway()
        for block in state?.values.values.map({ $0 }) ?? [] {
            if let date = block["away_until"]?.selectedDate { away.until = date }
            if let choice = block["away_stand_in"]?.selectedOption?.value {
                away.standIn = choice == SlackAway.nobody ? nil : choice
            }
        }
        return away
    }
}

/// What an "I'm away" press from Slack asks: back on `until` (a day), with `standIn` reviewing meanwhile.
struct SlackAway: Sendable {
    var until: String?
    var standIn: String?
    /// The option that names nobody: reviews escalate at once.
    static let nobody = "-"
}
