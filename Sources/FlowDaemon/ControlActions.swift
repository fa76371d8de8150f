import FlowAPI
import FlowConfig
import FlowCore
import HTTPTypes
import Logging
import NIOCore

/// The control socket's hot request, an action on a draft (`POST /v1/drafts/ID/ACTION`), answered by `FastLane`:
/// the caller is whoever owns the peer process, as on the router's path, and errors answer as the router's do.
struct ControlActions: FastRoute {
    let engine: Engine

    /// A positive id and an action other than create; anything else (other verbs, odd spellings, a query) is the
    /// router's, which answers with its own errors.
    func match(_ head: FastHead) -> (draftID: Int64, action: String)? {
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
        guard id > 0, path.first == UInt8(ascii: "/"),
            let action = FlowCore.Action(rawValue: String(Substring(path.dropFirst()))), action != .create
        else { return nil }
        return (id, action.rawValue)
    }

    func bodyLimit() -> Int { engine.config.maxBodyBytes }

    func respond(
        _ taken: FastRequest, matched: (draftID: Int64, action: String), channel: any Channel,
        answer: @escaping FastLane.Answer
    ) {
        let engine = engine
        let head = taken.head
        ControlRoutes.peerUID(channel).whenComplete { result in
            do {
                guard case .success(let uid) = result else {
                    throw APIError(.unknownUser, "cannot read peer credentials on this connection")
                }
                let actAs = head.field(ControlRoutes.actAsHeader.rawName).flatMap { $0.isEmpty ? nil : $0 }
                let actor = try engine.identify(uid: uid, actAs: actAs)
                let request = try engine.command(
                    matched.action, try ControlRoutes.decode(ActionRequest.self, from: taken.body, emptyAllowed: true))
                engine.submit(
                    request, on: matched.draftID, by: actor, receipt: nil, here: taken.commitHere
                ) { transition, outcome in
                    answer {
                        do {
                            return FastAnswer(status: 200, body: try engine.answer(transition, outcome).jsonBuffer)
                        } catch {
                            return Self.envelope(error, engine)
                        }
                    }
                }
            } catch {
                answer { Self.envelope(error, engine) }
            }
        }
    }

    /// The error envelope, as `ErrorEnvelopeMiddleware` writes it for the router.
    static func envelope(_ error: any Error, _ engine: Engine) -> FastAnswer {
        if let error = error as? APIError {
            return FastAnswer(status: error.code.httpStatus, body: JSONResponse.errorBody(error.code, error.message))
        }
        engine.logger.critical("unhandled error", metadata: ["path": "/v1/drafts/:id/:action", "error": "\(error)"])
        return FastAnswer(
            status: ErrorCode.internalError.httpStatus,
            body: JSONResponse.errorBody(.internalError, "internal error; see the flowd log"))
    }
}
