import Foundation

/// How to reach a person, from `[[users]]`.
public struct Contact: Sendable, Equatable {
    public var side: Side?
    public var email: String?
    public var slackID: String?

    public init(side: Side? = nil, email: String? = nil, slackID: String? = nil) {
        self.side = side
        self.email = email
        self.slackID = slackID
    }
}
