import FlowAPI
import FlowCore
import Foundation
import Hummingbird

/// `/v1/drafts/:id/media…`: a draft's pictures and videos attached (`PUT`, the file as the body, streamed to disk),
/// removed, described and moved. Each change is an
/// edit: it makes a revision and voids the approvals of the one before.
struct MediaRoutes {
    let engine: Engine

    func addRoutes(to group: RouterGroup<ControlContext>) {
        let engine = engine
        group.put("drafts/:id/media") { request, context in
            let actor = try context.requireCaller()
            let query = request.uri.queryParameters
            let position = try query["position"].map { raw -> Int in
                guard let position = Int(String(raw)), position >= 1 else {
                    throw APIError(.invalidRequest, "position must be a number from 1, not \(quoted(String(raw)))")
                }
                return position
            }
            return try JSONResponse.ok(
                DraftView(
                    try await engine.attach(
                        request.body, announcedBytes: request.headers[.contentLength].flatMap { Int($0) },
                        to: try ControlRoutes.draftID(context), alt: query["alt"].map(String.init) ?? "",
                        position: position, revision: try Self.revision(query),
                        message: query["message"].map(String.init), by: actor)))
        }
        group.delete("drafts/:id/media/:n") { request, context in
            let actor = try context.requireCaller()
            let query = request.uri.queryParameters
            let change = MediaChange.detach(position: try Self.position(context))
            return try JSONResponse.ok(
                DraftView(
                    try await engine.changeMedia(
                        change, on: try ControlRoutes.draftID(context), revision: try Self.revision(query),
                        message: query["message"].map(String.init), by: actor)))
        }
        group.patch("drafts/:id/media/:n") { request, context in
            let actor = try context.requireCaller()
            let body = try await ControlRoutes.decode(MediumChange.self, request, engine)
            let position = try Self.position(context)
            let change: MediaChange
            switch (body.alt, body.to) {
            case (let alt?, nil): change = .describe(position: position, alt: alt)
            case (nil, let to?): change = .move(position: position, to: to)
            default: throw APIError(.invalidRequest, "give the medium's alt text or its new place (to), one of them")
            }
            return try JSONResponse.ok(
                DraftView(
                    try await engine.changeMedia(
                        change, on: try ControlRoutes.draftID(context), revision: body.revision, message: body.message,
                        by: actor)))
        }
    }

    /// The medium's place in the path, from 1.
    static func position(_ context: ControlContext) throws -> Int {
        let raw = context.parameters.get("n") ?? ""
        guard let position = Int(raw), position >= 1, position <= 1000 else {
            throw APIError(
                .invalidRequest, "no medium \(quoted(raw)): media are numbered from 1, as flowctl media lists them")
        }
        return position
    }

    /// `?revision=N`, refused unless a positive number.
    static func revision(_ query: Hummingbird.Parameters) throws -> Int? {
        guard let raw = query["revision"] else { return nil }
        guard let revision = Int(String(raw)), revision >= 1 else {
            throw APIError(.invalidRequest, "revision must be a positive number, not \(quoted(String(raw)))")
        }
        return revision
    }
}
