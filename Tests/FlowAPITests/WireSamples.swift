import FlowAPI
import FlowCore
import Foundation

/// Oracle values with every field set (each string awkward and tagged, so swapped fields show) or every optional
/// nil and every list empty.
enum WireSamples {
    static let at = Date(timeIntervalSince1970: 1_790_000_000.125)  // whole milliseconds, as stored

    /// Everything JSON must escape, or may escape differently: quotes, backslashes, slashes, NUL and other control
    /// characters, DEL, U+2028, emoji with joiners and flags, a combining accent.
    static func awkward(_ tag: String) -> String {
        "\(tag) \"quoted\" back\\slash a/b \u{0}nul \u{1}\u{8}\u{C}\u{1F} \t\r\n del\u{7F} ls\u{2028} 👩‍💻🇩🇪 e\u{301} 中"
    }

    static func fullDraft(_ text: (String) -> String = awkward) -> DraftOracle {
        DraftOracle(
            id: 42, client: text("client"), lane: .urgent, state: .review, revision: 3, title: text("title"),
            body: text("body"), channels: [text("channel"), ""], publishAt: at.addingTimeInterval(0.5),
            contentHash: text("hash"), author: text("author"), revisionAuthor: text("reviser"),
            revisionVia: text("via"), approvals: [ApprovalOracle(user: text("approver"), revision: 3, at: at)],
            approvalsRequired: 2, approvedHash: text("approved"), labels: [text("label"), "plain"],
            publishedUrl: "https://e.example/a/b?q=\"x\"&y=\\", externalId: text("external"), createdAt: at,
            updatedAt: at.addingTimeInterval(60), allowedActions: [text("action")], dueAt: at.addingTimeInterval(3600),
            overdue: true, acknowledgedUntil: at.addingTimeInterval(7200), reviewers: [text("reviewer")],
            whoseMove: text("move"), mustAct: [text("must")], orphan: true, replannedAt: at.addingTimeInterval(9),
            timeZone: text("zone"),
            next: [
                NextStepView(
                    at: at, action: text("step"), rule: text("rule"), local: text("local"),
                    notify: [text("notify"), ""])
            ],
            template: text("template"), fromTemplate: 3, reviewMode: "unless-objected", autonomy: text("autonomy"),
            channelCounts: [
                ChannelCountView(channel: text("counted"), length: 291, limit: 280),
                ChannelCountView(channel: text("unlimited"), length: 7, limit: nil),
            ],
            media: [
                MediumView(
                    sha256: text("sha"), type: text("type"), bytes: 5_000_000_000, width: 1080, height: 1350,
                    durationMs: 12_345, alt: text("alt")),
                MediumView(sha256: "ab", type: "png", bytes: 0, width: 1, height: 1, durationMs: nil, alt: ""),
            ])
    }

    static func sparseDraft() -> DraftOracle {
        DraftOracle(
            id: 1, client: "c", lane: .normal, state: .draft, revision: 1, title: "", body: "", channels: [],
            publishAt: nil, contentHash: "h", author: "a", revisionAuthor: "a", revisionVia: nil, approvals: [],
            approvalsRequired: 0, approvedHash: nil, labels: [], publishedUrl: nil, externalId: nil, createdAt: at,
            updatedAt: at, allowedActions: [], dueAt: nil, overdue: false, acknowledgedUntil: nil, reviewers: [],
            whoseMove: nil, mustAct: [], orphan: false, replannedAt: nil, timeZone: "UTC", next: [], template: nil,
            fromTemplate: nil, reviewMode: nil, autonomy: nil, channelCounts: [], media: [])
    }

    static func fullEvent() -> EventOracle {
        EventOracle(
            id: 9, draft: 3, at: at, actor: awkward("actor"), via: awkward("via"), action: "request-changes",
            from: .review, to: .draft, revision: 2, message: awkward("message"),
            data: ["rule": awkward("rule"), "a": "b"], client: awkward("client"))
    }

    static func sparseEvent() -> EventOracle {
        EventOracle(
            id: 1, draft: 1, at: at, actor: "ana", via: nil, action: "create", from: nil, to: .draft, revision: 1,
            message: nil, data: [:], client: nil)
    }

    static func fullRequest() -> ActionRequestOracle {
        ActionRequestOracle(
            revision: 3, message: awkward("message"), title: awkward("title"), body: awkward("body"),
            channels: [awkward("channel"), ""], publishAt: at, clearPublishAt: true, url: "https://e.example/1",
            externalId: awkward("external"), contentHash: "sha256:ab", until: at.addingTimeInterval(7200))
    }

    static func sparseRequest() -> ActionRequestOracle {
        ActionRequestOracle(
            revision: nil, message: nil, title: nil, body: nil, channels: nil, publishAt: nil, clearPublishAt: nil,
            url: nil, externalId: nil, contentHash: nil, until: nil)
    }
}
