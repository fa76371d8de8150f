import Foundation

/// What a person asks of another person's review link on the control socket.
public enum LinkRequest: Sendable, Equatable {
    /// Mint a link and show its address to the caller (`flowctl links new`).
    case show
    /// Mint a link and send it through its person's own channels (`flowctl links send`); nobody else sees it.
    case send
}
