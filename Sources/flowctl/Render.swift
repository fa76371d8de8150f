import FlowAPI
import FlowCore
import FlowRender
import Foundation

/// Human-readable views of API answers.
enum Render {
    static func time(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().dateSeparator(.dash).dateTimeSeparator(.space).time(
                includingFractionalSeconds: false
            )
            .timeSeparator(.colon).timeZone(separator: .omitted))
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + (s % 60 > 0 ? "\(s % 60)s" : "") }
        if s < 86400 { return "\(s / 3600)h" + (s % 3600 / 60 > 0 ? "\(s % 3600 / 60)m" : "") }
        return "\(s / 86400)d" + (s % 86400 / 3600 > 0 ? "\(s % 86400 / 3600)h" : "")
    }

    /// A span of working time at a glance: "40s", "45m", "3.5h", "22h", "140h". Never days: a working day is as
    /// long as the client's hours say, so "2d" of working time would read as two calendar days.
    static func workingTime(_ seconds: Double) -> String {
        if seconds < 60 { return "\(Int(seconds))s" }
        if seconds < 3600 { return "\(Int(seconds) / 60)m" }
        let tenths = Int((seconds / 360).rounded())
        if tenths < 100 { return tenths % 10 == 0 ? "\(tenths / 10)h" : "\(tenths / 10).\(tenths % 10)h" }
        return "\(Int((seconds / 3600).rounded()))h"
    }

    /// Every table flowctl prints goes through FlowRender's one renderer, which pads by terminal columns.
    static func table(_ header: [String], _ rows: [[String]], alignFigures: Bool = false) -> String {
        TextTable.render(header, rows, alignFigures: alignFigures)
    }

    static func created(_ draft: DraftView) -> String {
        var text = "created draft \(draft.id) (\(draft.client), \(draft.lane.rawValue), revision \(draft.revision))"
        if let template = draft.template { text += ": template \(template), submit it for review" }
        if draft.fromTemplate != nil { text += draft.state == .approved ? ", approved by its template" : "" }
        return text
    }

    /// A channel's count against its limit, "x 120/280", and how far over when it is.
    static func counted(_ count: ChannelCountView) -> String {
        guard let limit = count.limit else { return "\(count.channel) \(count.length)" }
        let over = count.length > limit ? " (\(count.length - limit) over)" : ""
        return "\(count.channel) \(count.length)/\(limit)" + over
    }

    static func moved(_ draft: DraftView) -> String {
        var text = "draft \(draft.id): \(draft.state.rawValue), revision \(draft.revision)"
        if draft.state == .review { text += ", approvals \(draft.approvals.count) of \(draft.approvalsRequired)" }
        return text
    }

    static func show(_ d: DraftView) -> String {
        var rows: [(String, String)] = [
            ("draft", "\(d.id)"),
            ("client", d.orphan ? "\(d.client) (no longer in the config: only admins may act)" : d.client),
            ("lane", d.lane.rawValue),
            ("state", d.state.rawValue),
            ("revision", "\(d.revision) by \(d.revisionAuthor)" + (d.revisionVia.map { " (written by \($0))" } ?? "")),
            ("title", d.title),
            ("channels", d.channels.isEmpty ? "-" : d.channels.joined(separator: ", ")),
            ("author", d.author),
            (
                "approvals",
                "\(d.approvals.count) of \(d.approvalsRequired)"
                    + (d.approvals.isEmpty ? "" : " (" + d.approvals.map(\.user).joined(separator: ", ") + ")")
            ),
            ("hash", d.contentHash),
        ]
        if !d.channelCounts.isEmpty {
            rows.insert(("counts", d.channelCounts.map(counted).joined(separator: ", ")), at: 7)
        }
        if let publishAt = d.publishAt { rows.append(("publish at", time(publishAt))) }
        for (index, medium) in d.media.enumerated() {
            rows.append((index == 0 ? "media" : "", RenderMedia.line(medium, position: index + 1)))
        }
        if let template = d.template { rows.append(("template", "\(template) (used, never published)")) }
        if d.reviewMode == ReviewMode.unlessObjected.rawValue, d.state == .review {
            let end = d.dueAt.map { Deadlines.format($0, in: TimeZone(identifier: d.timeZone)) } ?? "the window's end"
            rows.append(("review", "goes out unless someone objects (request-changes) by \(end)"))
        }
        if let autonomy = d.autonomy { rows.append(("autonomy", autonomy)) }
        if let source = d.fromTemplate { rows.append(("from template", "draft \(source)")) }
        if !d.labels.isEmpty { rows.append(("labels", d.labels.joined(separator: ", "))) }
        if let url = d.publishedUrl { rows.append(("published", url)) }
        if let id = d.externalId { rows.append(("external id", id)) }
        if d.state == .review { rows.append(("reviewers", d.reviewers.joined(separator: ", "))) }
        if let move = d.whoseMove { rows.append(("whose move", move)) }
        if !d.mustAct.isEmpty { rows.append(("must act", d.mustAct.joined(separator: ", "))) }
        if let due = d.dueAt {
            let local = Deadlines.format(due, in: TimeZone(identifier: d.timeZone))
            let when = d.overdue ? " (overdue)" : " (in \(duration(due.timeIntervalSinceNow)))"
            rows.append(("deadline", local + when))
        }
        if let until = d.acknowledgedUntil {
            let local = Deadlines.format(until, in: TimeZone(identifier: d.timeZone))
            rows.append(("acknowledged", "decision promised by \(local)"))
        }
        if let first = d.next.first { rows.append(("next step", sentence(first))) }
        for step in d.next.dropFirst() { rows.append(("", sentence(step))) }
        if let replanned = d.replannedAt {
            rows.append(("re-planned", "\(time(replanned)), after a config change (see flowctl log)"))
        }
        rows.append(("updated", time(d.updatedAt)))
        rows.append(("next", d.allowedActions.joined(separator: ", ")))
        return table([], rows.map { [$0.0, $0.1] }) + "\n\n" + d.body
    }

    static func list(_ list: DraftList) -> String {
        if list.drafts.isEmpty { return "no drafts" }
        var text = table(
            ["ID", "STATE", "LANE", "CLIENT", "REV", "UPDATED", "TITLE"],
            list.drafts.map {
                [
                    "\($0.id)", $0.state.rawValue, $0.lane.rawValue, $0.client, "\($0.revision)", time($0.updatedAt),
                    $0.title,
                ]
            })
        if let next = list.nextBefore { text += "\n(more: --before \(next))" }
        return text
    }

    static func log(_ list: EventList) -> String {
        let more = list.nextAfter.map { "\n(more: --after \($0))" } ?? ""
        return table(
            ["TIME", "ACTOR", "ACTION", "STATE", "REV", "MESSAGE"],
            list.events.map { e in [time(e.at), actor(e), e.action, stateChange(e), "\(e.revision)", note(e)] }) + more
    }

    /// Who acted, and through whom or what when someone acted for them.
    /// "ana (via ops)"; a stand-in's decision "dora for carl".
    static func actor(_ e: EventView) -> String {
        let name = e.data["for"].map { "\(e.actor) for \($0)" } ?? e.actor
        return e.via.map { "\(name) (via \($0))" } ?? name
    }

    /// `review → approved`, or the one state when it did not change.
    static func stateChange(_ e: EventView) -> String {
        e.from.map { $0 == e.to ? $0.rawValue : "\($0.rawValue) → \(e.to.rawValue)" } ?? e.to.rawValue
    }

    /// The message, and for steps flowd takes the rule that fired, so the history explains itself.
    static func note(_ e: EventView) -> String {
        [e.message, e.data["rule"]].compactMap { $0 }.joined(separator: " · ")
    }

    /// `flowctl events`' columns: id, time, client, draft, action, state change, actor, message.
    static let eventHeader = ["ID", "TIME", "CLIENT", "DRAFT", "ACTION", "STATE", "ACTOR", "MESSAGE"]

    /// A stream's lines cannot be measured beforehand, so the widths fit typical values (a client id of 10, every
    /// action, `review → approved`, an actor of 10); a longer one pushes only its own line.
    static let eventColumns = TextTable(
        widths: [5, DisplayWidth.of(time(Date(timeIntervalSince1970: 0))), 10, 5, 15, 17, 10, 0],
        alignments: [.right, .left, .left, .right, .left, .left, .left, .left])

    /// One line of `flowctl events`, in `eventColumns`.
    static func event(_ e: EventView) -> String {
        eventColumns.line([
            "\(e.id)", time(e.at), e.client ?? "-", "#\(e.draft)", e.action, stateChange(e), actor(e), note(e),
        ])
    }

    /// "escalate to backup_approvers at 2026-05-04 14:30 Europe/Berlin, in 2h10m".
    static func sentence(_ step: NextStepView) -> String {
        let wait = step.at.timeIntervalSinceNow
        let when = wait > 0 ? "in \(duration(wait))" : "due now"
        var text = "\(step.action) at \(step.local), \(when)"
        if !step.rule.isEmpty && step.rule != step.action { text += " (\(step.rule))" }
        return text
    }

    static func agenda(_ agenda: AgendaView) -> String {
        let crisis = crises(agenda.crises).dropFirst()
        let lead = crisis.isEmpty ? "" : crisis + "\n\n"
        if agenda.items.isEmpty { return lead + "nothing due" }
        return lead
            + table(
                ["WHEN", "IN", "DRAFT", "CLIENT", "STATE", "MOVE", "STEP", "TITLE"],
                agenda.items.map {
                    [
                        $0.step.local, duration(max(0, $0.step.at.timeIntervalSince(agenda.now))), "\($0.draft)",
                        $0.client,
                        $0.state.rawValue, $0.whoseMove ?? "-", $0.step.action, $0.title,
                    ]
                })
    }

    static func explain(_ e: PolicyExplanation) -> String {
        var text = """
            client \(e.client), lane \(e.lane.rawValue): \(e.clock) clock in \(e.timeZone), \(e.requiredApprovals) approval(s), \
            auto-approve \(e.autoApprove ? "allowed" : "off"), acknowledge up to \(e.maxAcknowledge)
            submitted \(time(e.from))

            """
        if let a = e.autonomy {
            text +=
                a.mode == ReviewMode.unlessObjected.rawValue
                ? "earned autonomy: a draft submitted now goes out unless someone objects within "
                    + "\(a.objectionWindow): \(a.why)\n\n"
                : "earned autonomy not in force: normal review (\(a.why); \(Int((a.share * 100).rounded()))% of "
                    + "the last \(a.after) needed)\n\n"
        }
        if e.steps.isEmpty { return text + "no deadlines or escalation steps" }
        text += table(
            ["AT", "AFTER", "STEP", "NOTIFIES"],
            e.steps.map {
                [$0.local, duration($0.at.timeIntervalSince(e.from)), $0.rule, $0.notify.joined(separator: ", ")]
            })
        return text
    }

    static func status(_ s: StatusView) -> String {
        let counts = DraftState.allCases.map { "\($0.rawValue) \(s.drafts[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        let rows: [[String]] =
            [
                ["socket", s.socket], ["database", "\(s.database) (schema \(s.schemaVersion))"], ["drafts", counts],
                ["timers", "\(s.pendingTimers) pending" + (s.nextTimer.map { ", next at \(time($0))" } ?? "")],
                ["you", s.you],
            ] + crisisRows(s.crises) + failing(s) + orphans(s.orphanedDrafts)
        return "flowd \(s.version) (pid \(s.pid)), up \(duration(s.uptimeSeconds))\n" + table([], rows) + sinks(s.sinks)
    }

    /// Running crises, one line each, first thing under the status and the agenda.
    static func crises(_ crises: [CrisisView]?) -> String {
        let rows = crisisRows(crises)
        return rows.isEmpty ? "" : "\n" + table([], rows)
    }

    static func crisisRows(_ crises: [CrisisView]?) -> [[String]] {
        (crises ?? []).map { ["CRISIS", "\($0.client) since \(time($0.startedAt)) (\($0.startedBy)): \($0.message)"] }
    }

    static func failing(_ s: StatusView) -> [[String]] {
        guard let count = s.failingTimers, count > 0 else { return [] }
        let worst = s.failingTimer.map { "; worst: \($0)" } ?? ""
        return [["FAILING", "\(count) timer\(count == 1 ? "" : "s") could not fire and will be tried again" + worst]]
    }

    static func orphans(_ count: Int?) -> [[String]] {
        guard let count, count > 0 else { return [] }
        return [
            [
                "orphaned",
                "\(count) open draft\(count == 1 ? "" : "s") of clients no longer in the config (admins only)",
            ]
        ]
    }

    static func sinks(_ sinks: [SinkStatus]) -> String {
        guard !sinks.isEmpty else { return "" }
        return "\nsinks"
            + sinks.map { sink in
                var line =
                    "\n  \(sink.name) (\(sink.format) → \(sink.target)): \(sink.state == "active" ? "active" : "DISABLED")"
                if let reason = sink.reason { line += " since \(sink.disabledAt.map(time) ?? "?") (\(reason))" }
                // A notification that reached nobody is no delivery: said apart, and only when there is one.
                let skipped = (sink.skipped ?? 0) > 0 ? ", \(sink.skipped ?? 0) to nobody" : ""
                return line + "; \(sink.pending) pending, \(sink.delivered) delivered\(skipped), \(sink.dead) dead"
            }.joined()
    }

    static func links(_ list: LinkList) -> String {
        guard !list.links.isEmpty else { return "draft \(list.draft): no live links" }
        return table(
            ["LINK", "FOR", "REV", "CREATED", "EXPIRES", "SHOWN TO", "STATUS"],
            list.links.map {
                [
                    $0.hash, $0.user, "\($0.revision)", time($0.createdAt), time($0.expiresAt), $0.shownTo ?? "-",
                    $0.status + ($0.detail.map { " (\($0))" } ?? ""),
                ]
            })
    }

    static func inboxes(_ list: InboxLinkList) -> String {
        guard !list.inboxes.isEmpty else { return "no live inbox links" }
        return table(
            ["LINK", "FOR", "CLIENT", "CREATED", "EXPIRES", "STATUS"],
            list.inboxes.map { [$0.hash, $0.user, $0.client, time($0.createdAt), time($0.expiresAt), $0.status] })
    }

    static func deliveries(_ list: DeliveryList) -> String {
        guard !list.deliveries.isEmpty else { return "no deliveries" }
        var rows: [[String]] = []
        for d in list.deliveries {
            let when: String =
                switch d.state {
                case "delivered", "skipped": d.deliveredAt.map(time) ?? ""
                case "pending": d.nextAttemptAt.map { "next " + time($0) } ?? ""
                default: d.lastAttemptAt.map(time) ?? ""
                }
            rows.append([
                // The event kind's one spelling, as in log and events; --json keeps the type receivers got.
                "\(d.id)", d.sink, NotificationType(name: d.type)?.kindName ?? d.type, "\(d.draft)", d.state,
                "\(d.attempts)", when,
                String((d.outcome ?? "").prefix(60)),
            ])
        }
        var text = table(["ID", "SINK", "TYPE", "DRAFT", "STATE", "TRIES", "WHEN", "LAST"], rows)
        if let next = list.nextBefore { text += "\nmore: --before \(next)" }
        return text
    }
}
