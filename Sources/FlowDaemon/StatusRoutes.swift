import FlowAPI
import FlowCore
import Foundation
import Hummingbird

/// `/metrics` and `/v1/…`: the daemon itself: its status, its metrics, an online backup.
struct StatusRoutes {
    let engine: Engine

    /// `group` is the router's root: the metrics are at `/metrics`, where Prometheus looks for them.
    func addRoutes(to group: RouterGroup<ControlContext>) {
        let engine = engine
        group.get("metrics") { request, context in
            let actor = try context.requireCaller()
            return MetricsResponse.ok(try await engine.metricsText(for: actor))
        }
        group.get("v1/status") { request, context in
            let actor = try context.requireCaller()
            return try JSONResponse.ok(StatusView(try await engine.status(for: actor)))
        }
        group.post("v1/backup", body: BackupRequest.self, engine) { body, actor, _ in
            let backup = try await engine.backup(to: body.path, by: actor)
            return BackupView(path: body.path, bytes: backup.bytes, seconds: backup.seconds, media: backup.media)
        }
    }
}
