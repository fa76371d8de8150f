import FlowAPI
import FlowConfig
import FlowCore
import HTTPTypes
import Logging
import NIOCore

/// The control socket's hot request, an action on a draft (`POST /v1/drafts/ID/ACTION`), answered by `DirectRouteHandler`: the
/// caller is whoever owns the peer process (`ControlCaller`), and errors answer through `ErrorAnswer`, as everywhere
/// on the socket.
///
/// The router declares the route too, for the forms of HTTP/1 the direct route does not read (a chunked body, `Expect`,
/// HTTP/1.0, a head past `DirectRequestHead.maxBytes`; NIO's decoder reads those, and a second HTTP/1 parser here would be a
/// twin of it) and for targets the router spells differently (percent-encoded, a query): its handler runs `act`
/// below, the one implementation of the route.
struct DraftActionDirectRoute: DirectRoute {
    let engine: Engine

    /// A positive id and an action name of lower-case letters and dashes, other than the draft's sub-resources; other
    /// spellings are the router's.
    func match(_ head: DirectRequestHead) -> (draftID: Int64, action: String)? {
        var path = head.path.utf8[...]
        let prefix = "/v1/drafts/".utf8
        guard path.starts(with: prefix) else { return nil }
        path = path.dropFirst(prefix.count)
        var id: Int64 = 0
        var digits = 0
        while let byte = path.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            // 18 digits cannot overflow; a longer id is the router's to refuse.
            guard digits < 18 else { return nil }
            id = id * 10 + Int64(byte - UInt8(ascii: "0"))
            digits += 1
            path = path.dropFirst()
        }
        guard id > 0, path.first == UInt8(ascii: "/") else { return nil }
        let name = path.dropFirst()
        guard !name.isEmpty,
            name.allSatisfy({ ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "-") })
        else { return nil }
        let action = String(Substring(name))
        // The router's own routes below a draft.
        guard action != "links", action != "events" else { return nil }
        return (id, action)
    }

    func bodyLimit() -> Int { engine.config.maxBodyBytes }

    func respond(
        _ taken: DirectRequest, matched: (draftID: Int64, action: String), channel: any Channel,
        answer: @escaping DirectRouteHandler.Answer
    ) {
        let engine = engine
        let head = taken.head
        ControlCaller.peerUID(channel).whenComplete { uid in
            do {
                let actor = try ControlCaller.identify(
                    uid, actAs: head.field(ControlCaller.actAsHeader.rawName), engine)
                if taken.overLimit {
                    throw APIError(
                        .payloadTooLarge,
                        "request body of \(head.contentLength) bytes is over the limit of \(engine.config.maxBodyBytes)"
                    )
                }
                Self.act(
                    engine, matched.action, on: matched.draftID, body: taken.body, by: actor, here: taken.commitHere,
                    answer: answer)
            } catch {
                answer { ErrorAnswer.of(error, path: Self.path, engine.logger) }
            }
        }
    }

    static let path = "/v1/drafts/:id/:action"

    /// The route's one implementation, once the caller is known and the body read: decodes the body, builds the
    /// request and queues it for the store's writer; `answer` is given the draft as the commit left it, or the error.
    static func act(
        _ engine: Engine, _ action: String, on draftID: Int64, body: ByteBuffer, by actor: Actor, here: Bool,
        answer: @escaping DirectRouteHandler.Answer
    ) {
        let request: Request
        do {
            request = try ControlRoutes.decode(ActionRequest.self, from: body, emptyAllowed: true).request(for: action)
        } catch {
            answer { ErrorAnswer.of(error, path: path, engine.logger) }
            return
        }
        engine.submit(request, on: draftID, by: actor, receipt: nil, here: here) { transition, outcome in
            answer {
                do {
                    return DirectResponse(
                        status: 200, body: DraftView(try engine.answer(transition, outcome)).jsonBuffer)
                } catch {
                    return ErrorAnswer.of(error, path: path, engine.logger)
                }
            }
        }
    }
}
