import Foundation

extension Workflow {
    /// What an action on an existing draft changes, gathered while it is decided: the draft as it will be, its
    /// event's data, and what goes in the same transaction. One method per action that changes more than a field;
    /// each is given the draft as it was.
    struct Change {
        let now: Date
        var next: Draft
        var data: [String: String] = [:]
        var newRevision = false
        /// Timers the action sets itself; nil leaves them to the re-planning of a change of state.
        var timers: TimerPlan?
        var links = LinkPlan()
        var autonomyLost: AutonomyLoss?

        init(draft: Draft, now: Date) {
            self.now = now
            next = draft
            next.updatedAt = now
        }

        mutating func edit(
            _ draft: Draft, _ patch: ContentPatch, by actor: Actor, media limits: MediaLimits, zone: TimeZone?
        ) throws(Refusal) {
            guard !patch.isEmpty else {
                throw Refusal(
                    .invalidRequest, "edit changes nothing: give a title, body, channel, publish time or medium")
            }
            var content = draft.content
            if let title = patch.title { content.title = title }
            if let body = patch.body { content.body = body }
            if let channels = patch.channels { content.channels = channels }
            if let publishAt = patch.publishAt {
                try Workflow.checkPublishTime(publishAt, now: now, zone: zone)
                content.publishAt = publishAt
            }
            if patch.clearPublishAt { content.publishAt = nil }
            if let change = patch.media {
                content.media = try change.applied(to: content.media, draft: draft.id, limits: limits)
                data["media"] = change.summary
            }
            content = try validated(content, template: draft.template != nil)
            let hash = content.hash
            guard hash != draft.contentHash else {
                throw Refusal(
                    .invalidRequest, "edit changes nothing: the content is identical to revision \(draft.revision)")
            }
            next.content = content
            next.contentHash = hash
            next.revision += 1
            next.revisionAuthor = actor.user.name
            next.revisionAuthorSide = actor.user.side
            next.revisionVia = actor.via
            next.approvedHash = nil
            newRevision = true
            links.revokeAll = "revision \(draft.revision) was replaced by revision \(next.revision)"
            data["hash"] = hash
            if draft.state == .approved { data["voided"] = "approval of revision \(draft.revision)" }
        }

        mutating func approve(_ draft: Draft, by user: User, required requiredApprovals: Int) throws(Refusal) {
            if draft.currentApprovals.contains(where: { $0.user == user.name }) {
                throw Refusal(
                    .invalidTransition,
                    "\(user.name) has approved revision \(draft.revision) of draft \(draft.id) already")
            }
            next.approvals.append(Approval(user: user.name, revision: draft.revision, at: now))
            let required = max(1, requiredApprovals)
            let have = next.currentApprovals.count
            data["approvals"] = "\(have)/\(required)"
            if have >= required {
                next.state = .approved
                next.approvedHash = draft.contentHash
                if next.decidedAt == nil { next.decidedAt = now }
            }
        }

        mutating func requestChanges(_ draft: Draft, by user: User, policy: LanePolicy, standing: AutonomyStanding?) {
            next.approvals.removeAll()
            next.changesRequested = true
            if next.decidedAt == nil { next.decidedAt = now }
            // Any request for changes ends the lane's open objection windows; while the lane has earned
            // autonomy it also loses it. Templates and their drafts stay outside the record, and outside this.
            if policy.autonomy != nil, draft.template == nil, draft.fromTemplate == nil {
                let earned = standing?.earned == true
                autonomyLost = AutonomyLoss(
                    client: draft.client, lane: draft.lane, at: now, lost: earned,
                    reason: "\(user.name) asked for changes on draft \(draft.id)")
                if earned {
                    data["autonomy"] = "lost: \(user.name) asked for changes; the lane is back to normal review"
                }
            }
        }

        /// The sizes of the address and the id were held to their limits by `precheck`.
        mutating func publish(_ draft: Draft, url: String?, externalID: String?, claimedHash: String?) throws(Refusal) {
            if let template = draft.template {
                let name = TemplateRules.fullName(client: draft.client, name: template.name)
                throw Refusal(
                    .invalidTransition,
                    "draft \(draft.id) is the template \(name): a template is used (flowctl new --template \(name)), "
                        + "never published")
            }
            guard let approved = draft.approvedHash, approved == draft.contentHash else {
                throw Refusal(.hashMismatch, "draft \(draft.id): the content differs from what was approved")
            }
            if let claimedHash, claimedHash != approved {
                throw Refusal(
                    .hashMismatch,
                    "draft \(draft.id): content hash \(claimedHash) is not the approved \(approved)")
            }
            next.publishedURL = url
            next.externalID = externalID
            data["hash"] = approved
            if let url { data["url"] = url }
            if let externalID { data["external_id"] = externalID }
        }

        /// `zone` is the client's: a refusal says the time as the person who asked reads it.
        mutating func acknowledge(_ draft: Draft, until: Date, bound: TimeSpan, zone: TimeZone?) throws(Refusal) {
            guard until > now else { throw Refusal(.invalidRequest, "acknowledge needs a time in the future") }
            // A promise to decide later would not hold back an objection window's approval.
            guard draft.reviewMode == .normal else {
                throw Refusal(
                    .invalidTransition,
                    "draft \(draft.id) goes out unless someone objects by "
                        + "\(draft.dueAt.map { SpokenTime.format($0, in: zone, language: .en, now: now) } ?? "the window's end"): "
                        + "approve it, or request changes to object")
            }
            // The bound holds for the whole review round: each acknowledgement spends what it pushes the
            // ladder back beyond the one before.
            let pausedUntil = max(now, draft.acknowledgedUntil ?? now)
            let extension_ = max(0, until.timeIntervalSince(pausedUntil))
            let left = max(0, bound.timeInterval - draft.acknowledgedSeconds)
            guard extension_ <= left else {
                throw Refusal(
                    .invalidRequest,
                    "this lane lets acknowledgements pause escalation for at most \(bound) per review round; "
                        + "\(TimeSpan(seconds: Int64(left)).description) \(left > 0 ? "is" : "are") left, and this asks for "
                        + "\(TimeSpan(seconds: Int64(extension_.rounded(.up))).description)")
            }
            next.acknowledgedUntil = until
            next.acknowledgedSeconds = draft.acknowledgedSeconds + extension_
            data["until"] = isoUTC(until)
            timers = TimerPlan(
                deferStepsUntil: until,
                add: [PendingTimer(draftID: draft.id, state: .review, kind: .acknowledgement, dueAt: until)])
        }
    }
}
