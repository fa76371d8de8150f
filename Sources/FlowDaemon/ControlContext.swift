import FlowAPI
import FlowCore
import Hummingbird
import NIOCore

/// Request context of the control socket: the channel, whose peer's credentials say who calls, and the caller once
/// `CallerMiddleware` has identified them.
struct ControlContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel
    /// Set by `CallerMiddleware` on every route it guards.
    var caller: Actor?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The caller; a route that no `CallerMiddleware` guards is a bug in flowd, answered as an internal error.
    func requireCaller() throws -> Actor {
        guard let caller else { throw EngineFault("no caller was identified for this route") }
        return caller
    }
}
