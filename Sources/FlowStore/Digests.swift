public import FlowCore
public import Foundation

extension Store {
    /// Every draft in review, for the digests (a few thousand at most on a busy day).
    public func draftsInReview() async throws -> [Draft] {
        var out: [Draft] = []
        try db.query("SELECT \(draftColumns) FROM drafts WHERE state = 'review' ORDER BY id") {
            out.append(try decodeDraft($0))
        }
        return out
    }

    /// `user|client|day` of the digests sent on these days.
    public func sentDigests(days: Set<String>) async throws -> Set<String> {
        var out: Set<String> = []
        for day in days.sorted() {
            try db.query("SELECT user, client FROM digests WHERE day = ?", [.text(day)]) {
                out.insert(Digest.key(user: $0.text(0), client: $0.text(1), day: day))
            }
        }
        return out
    }

    /// Sends one digest in one transaction: mints a link per listed draft, writes a row per sink, and records the
    /// digest as sent, so a restart neither loses it nor sends it twice.
    public func sendDigest(
        _ due: Digest.Due, grants: [Int64: LinkGrant], sinks: [String], at now: Date,
        render: ([Int64: LinkRef], LinkRef?) -> String
    ) async throws {
        try await writing {
            var refs: [Int64: LinkRef] = [:]
            for (draftID, grant) in grants.sorted(by: { $0.key < $1.key }) {
                refs[draftID] = try apply(LinkPlan(mint: [grant]), draftID: draftID, at: now)[grant.user]
            }
            let inbox = refs.isEmpty ? nil : try inboxLinks(for: [due.user], client: due.client, at: now)[due.user]
            let payload = render(refs, inbox)
            for sink in sinks {
                try enqueue(
                    OutboxMessage(
                        sink: sink, type: .digest, eventID: 0, draftID: due.drafts.first?.id ?? 0, payload: payload),
                    at: now)
            }
            try db.run(
                "INSERT INTO digests (user, client, day, sent_at) VALUES (?, ?, ?, ?)",
                [.text(due.user), .text(due.client), .text(due.day), .int(now.millis)])
        }
    }
}
