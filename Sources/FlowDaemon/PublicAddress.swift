import FlowConfig
import FlowCore
import HTTPTypes
import Hummingbird
import NIOCore

extension Engine {
    /// The address a request on the public listener counts against: the peer, or the client its
    /// `X-Forwarded-For` names when the peer is one of `webhooks.trusted_proxies` (read per request, so a reload
    /// applies at once).
    func clientAddress(peer: SocketAddress?, forwardedFor: String?) -> String {
        // Most requests carry no header, and then whom to trust does not matter.
        guard let forwardedFor else {
            return ClientAddress.of(peer: peer?.ipAddress, forwardedFor: nil, trusting: .none)
        }
        let trusted = configured { $0.webhooks?.trustedProxies ?? .none }
        return ClientAddress.of(peer: peer?.ipAddress, forwardedFor: forwardedFor, trusting: trusted)
    }

    /// The same for a request on the router's path.
    func clientAddress(_ request: Request, _ context: PublicContext) -> String {
        clientAddress(peer: context.remoteAddress, forwardedFor: request.headers[Self.forwardedFor])
    }

    private static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
}
