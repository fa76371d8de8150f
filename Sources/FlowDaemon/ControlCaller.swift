import FlowAPI
import FlowCore
import HTTPTypes
import NIOCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Who is calling on the control socket: whoever owns the peer process (SO_PEERCRED), never what the request claims,
/// acting as the user `Flowd-As` names when the engine allows it. The one identity step of the socket, for the direct route
/// (`DraftActionDirectRoute`) and the router (`CallerMiddleware`) alike.
enum ControlCaller {
    static let actAsHeader = HTTPField.Name("Flowd-As")!

    /// The caller, from the peer's uid as `peerUID` read it and the `Flowd-As` field's value.
    static func identify(_ uid: Result<UInt32, any Error>, actAs: String?, _ engine: Engine) throws -> Actor {
        guard case .success(let uid) = uid else {
            throw APIError(.unknownUser, "cannot read peer credentials on this connection")
        }
        return try engine.identify(uid: uid, actAs: actAs.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Peer uids of open connections. A keep-alive connection reads SO_PEERCRED once. An entry goes when its
    /// connection closes, before the channel object can be reused. Event loops and tasks share it.
    private static let peerUIDs = Mutex<[ObjectIdentifier: UInt32]>([:])

    /// The uid of the process at the other end. On the channel's event loop (the direct route) it completes at once;
    /// elsewhere (the router) reading the option is a hop to the loop.
    static func peerUID(_ channel: any Channel) -> EventLoopFuture<UInt32> {
        let key = ObjectIdentifier(channel)
        if let uid = peerUIDs.withLock({ $0[key] }) { return channel.eventLoop.makeSucceededFuture(uid) }
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(
                APIError(.unknownUser, "cannot read peer credentials on this connection"))
        }
        let credentials: EventLoopFuture<PeerCredentials> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return credentials.map { credentials in
            peerUIDs.withLock { $0[key] = credentials.uid }
            channel.closeFuture.whenComplete { _ in _ = peerUIDs.withLock { $0.removeValue(forKey: key) } }
            return credentials.uid
        }
    }
}

/// Layout of Linux `struct ucred`, which Glibc hides without _GNU_SOURCE.
struct PeerCredentials: Sendable {
    var pid: Int32
    var uid: UInt32
    var gid: UInt32
}
