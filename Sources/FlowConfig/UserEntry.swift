public import FlowCore

/// A user entry of config.toml: the domain user plus how to recognise them on the socket.
public struct UserEntry: Sendable, Equatable {
    public var user: User
    public var uid: UInt32?
    public var email: String?
    public var slackID: String?
}
