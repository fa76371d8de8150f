import FlowAPI
import FlowCore
import Foundation
import Hummingbird

/// `/v1/…`: the loop report and the explanation of a policy.
struct ReportRoutes {
    let engine: Engine

    func addRoutes(to group: RouterGroup<ControlContext>) {
        let engine = engine
        group.get("report") { request, context in
            let actor = try context.requireCaller()
            let query = request.uri.queryParameters
            let by = query["by"].map(String.init) ?? "client"
            guard let grouping = ReportGrouping(rawValue: by) else {
                throw APIError(
                    .invalidRequest,
                    "unknown grouping \(quoted(by)); group by \(ReportGrouping.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return try JSONResponse.ok(
                ReportView(
                    try await engine.report(
                        from: try ControlRoutes.queryTime(query, "from", for: "report"),
                        to: try ControlRoutes.queryTime(query, "to", for: "report"),
                        by: grouping, client: query["client"].map(String.init),
                        for: actor)))
        }
        group.get("policy/explain") { request, context in
            let actor = try context.requireCaller()
            let query = request.uri.queryParameters
            guard let client = query["client"].map(String.init) else {
                throw APIError(.invalidRequest, "policy explain needs client")
            }
            let laneName = query["lane"].map(String.init) ?? "normal"
            guard let lane = Lane(rawValue: laneName) else {
                throw APIError(.invalidRequest, "unknown lane \(quoted(laneName)); lanes are normal, urgent, crisis")
            }
            var from: Date?
            if let raw = query["from"].map(String.init) {
                guard let date = WireJSON.parseDate(raw) else {
                    throw APIError(.invalidRequest, "from: \(quoted(raw)) is not an ISO-8601 time")
                }
                from = date
            }
            return try JSONResponse.ok(
                PolicyExplanation(try await engine.explain(client: client, lane: lane, from: from, for: actor)))
        }
        group.post("policy/simulate", body: SimulationRequest.self, engine) { (body, actor, _) -> SimulationView in
            SimulationView(
                try await engine.simulate(
                    client: body.client, lane: body.lane, since: body.sinceSeconds, proposal: body.proposal,
                    proposalName: body.proposalName, runs: body.runs, seed: body.seed, for: actor))
        }
    }
}
