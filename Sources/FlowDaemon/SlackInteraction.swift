/// Slack's interactive payload: the fields flowd reads from a `block_actions` button press.
struct SlackInteraction: Decodable {
    struct SlackUser: Decodable { var id: String }
    struct SlackAction: Decodable { var value: String? }
    var type: String
    var user: SlackUser
    var actions: [SlackAction]
    /// Where Slack takes the answer: an update of the message, or a reply only the presser sees.
    var responseURL: String?

    enum CodingKeys: String, CodingKey {
        case type, user, actions
        case responseURL = "response_url"
    }
}
