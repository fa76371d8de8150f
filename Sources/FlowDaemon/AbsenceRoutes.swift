import FlowAPI
import FlowCore
import Foundation
import Hummingbird

/// `/v1/absences…`: people away and who stands in for them.
struct AbsenceRoutes {
    let engine: Engine

    func addRoutes(to group: RouterGroup<ControlContext>) {
        let engine = engine
        group.get("absences") { _, context in
            try JSONResponse.ok(AbsenceList(try await engine.absences(for: try context.requireCaller())))
        }
        group.post("absences", body: AbsenceRequest.self, engine, status: .created) { (body, actor, _) -> AbsenceView in
            AbsenceView(
                try await engine.setAway(
                    body.person, from: body.from, until: body.until, standIn: body.standIn, message: body.message,
                    by: actor))
        }
        group.post("absences/end", body: EndAbsenceRequest.self, engine) { (body, actor, _) -> AbsenceView in
            AbsenceView(try await engine.endAway(body.person, by: actor))
        }
    }
}
