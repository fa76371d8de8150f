import Crypto
import FlowAPI
import FlowConfig
import FlowCore
import FlowRender
import FlowStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Request context of the public listener: keeps the peer's address for rate limiting, and the connection.
struct PublicContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    /// The connection, which sends a medium's file itself (`FileBody`).
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }
}
