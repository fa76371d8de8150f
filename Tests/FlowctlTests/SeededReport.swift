import FlowAPI
import Foundation

/// A report as `bench/report`'s seeded year answers it: twenty clients with ids up to 16 characters, a month's
/// figures as large as a busy agency's, and a client with no decided round (its times are absent).
enum SeededReport {
    static let keys = [
        "acme", "globex", "initech-benelux", "umbrella-pharma", "wayne-enterprise", "stark-industries", "c06",
        "soylent", "hooli-marketing", "vandelay-imports", "tyrell", "cyberdyne-sys", "wonka", "oceanic-airlines",
        "massive-dynamic", "gringotts", "duff-beer", "krusty-krew", "pied-piper", "dunder-mifflin",
    ]

    /// Every field of a row, as `GET /v1/report` writes it.
    static func row(_ key: String, scale: Int, decided: Bool = true) -> [String: Any] {
        var row: [String: Any] = [
            "key": key, "drafts": 420 * scale, "submitted": 568 * scale, "decided": decided ? 566 * scale : 0,
            "approved": 400 * scale, "changes_requested": 160 * scale, "auto_approved": 10 * scale,
            "expired": 3 * scale, "published": 390 * scale, "company_hours": 7826.2 * Double(scale),
            "agency_hours": 4498.0 * Double(scale), "company_business_hours": 1869.3 * Double(scale),
            "agency_business_hours": 1100.5 * Double(scale), "rework_rounds": 163 * scale, "rework_per_draft": 0.388,
            "sla_rounds": 566 * scale, "sla_hits": 402 * scale, "sla_hit_rate": 0.71, "steps_remind": 217 * scale,
            "steps_warn": 12 * scale, "steps_escalate": 106 * scale, "steps_auto_approve": 10 * scale,
            "steps_return": 3 * scale, "steps_deadline_missed": 2 * scale, "acks_given": 114 * scale,
            "acks_kept": 20 * scale, "acks_broken": 90 * scale, "acks_pending": 4 * scale, "overdue": 5 * scale,
        ]
        guard decided else { return row }
        let times: [String: Int] = [
            "review_p50": 50_400, "review_p90": 82_740, "review_max": 187_200, "review_business_p50": 7_980,
            "review_business_p90": 28_800, "review_business_max": 34_200, "first_response_p50": 8_400,
            "first_response_p90": 40_000, "first_response_business_p50": 0, "first_response_business_p90": 4_800,
        ]
        row.merge(times) { $1 }
        row["first_approved_at"] = "2026-10-27T09:12:00Z"
        return row
    }

    static func json(by: String = "client") -> [String: Any] {
        var rows = keys.enumerated().map { row($1, scale: 1, decided: $0 != 6) }
        rows.sort { ($0["key"] as? String ?? "") < ($1["key"] as? String ?? "") }
        return [
            "from": "2026-10-27T04:05:02Z", "to": "2026-11-26T04:05:02Z", "now": "2026-11-26T04:05:02Z", "by": by,
            "rows": rows, "total": row("total", scale: 20),
            "absences": [
                [
                    "id": 1, "person": "carl", "from": "2026-11-02T08:00:00Z", "until": "2026-11-09T08:00:00Z",
                    "stand_in": "dora", "set_by": "carl",
                ]
            ],
        ]
    }

    static func view(by: String = "client") throws -> ReportView {
        try WireJSON.decoder().decode(ReportView.self, from: JSONSerialization.data(withJSONObject: json(by: by)))
    }
}
