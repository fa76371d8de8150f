import FlowCore
import Foundation
import TOMLKit

extension Reader {
    /// Every key a lane's policy takes, `[lanes.NAME]` or `[clients.lanes.NAME]`; config.toml documents each
    /// (`ConfigTests.theReferenceConfigDocumentsEveryLaneKey`).
    static let laneKeys = [
        "required_approvals", "review_sla", "rework_sla", "publish_grace", "clock", "max_acknowledge", "auto_approve",
        "ladder", "templates", "autonomy", "require_alt_text", "keep_location",
    ]

    /// `autonomy = { after = 20, share = 0.9, objection_window = "2h" }`, under a client's lane only: the client
    /// grants it, so a global lane cannot.
    mutating func autonomy(_ value: any TOMLValueConvertible, _ path: String) -> AutonomyPolicy? {
        guard path.hasPrefix("clients") else {
            issue(
                path,
                "\(path): autonomy is the client's to grant; set it under the client, as [clients.lanes.<lane>] autonomy"
            )
            return nil
        }
        guard let table = value.table else {
            issue(path, "\(path) must be a table like { after = 20, share = 0.9, objection_window = \"2h\" }")
            return nil
        }
        checkKeys(table, path, allowed: ["after", "share", "objection_window"])
        let after = int(table, "after", path, range: AutonomyPolicy.afterRange)
        var share: Double?
        if let raw = table["share"] {
            if let number = raw.double ?? raw.int.map(Double.init), AutonomyPolicy.shareRange.contains(number) {
                share = number
            } else {
                issue("\(path).share", "\(path).share must be a number from 0.5 to 1.0 (the share approved unchanged)")
            }
        }
        let window = span(table, "objection_window", path)
        guard let after, let share, let window else {
            issue(path, "\(path) needs after, share and objection_window")
            return nil
        }
        return AutonomyPolicy(after: after, share: share, window: window)
    }

    mutating func policy(_ table: TOMLTable, _ path: String, base: LanePolicy, groups: [String: [String]]) -> LanePolicy
    {
        checkKeys(table, path, allowed: Set(Self.laneKeys))
        var policy = base
        if let required = int(table, "required_approvals", path, range: 1...10) { policy.requiredApprovals = required }
        if let sla = span(table, "review_sla", path) { policy.reviewSLA = sla }
        if let sla = span(table, "rework_sla", path) { policy.reworkSLA = sla }
        if let grace = span(table, "publish_grace", path) { policy.publishGrace = grace }
        if let bound = span(table, "max_acknowledge", path) { policy.maxAcknowledge = bound }
        if let raw = string(table, "clock", path) {
            if let clock = ClockKind(rawValue: raw) {
                policy.clock = clock
            } else {
                issue("\(path).clock", "\(path).clock must be \"business\" or \"always\", not \(quoted(raw))")
            }
        }
        if let allowed = bool(table, "auto_approve", path) { policy.allowAutoApprove = allowed }
        if let allowed = bool(table, "templates", path) { policy.allowTemplates = allowed }
        if let required = bool(table, "require_alt_text", path) { policy.requireAltText = required }
        if let keep = bool(table, "keep_location", path) { policy.keepLocation = keep }
        if let value = table["autonomy"] { policy.autonomy = autonomy(value, "\(path).autonomy") }
        if let value = table["ladder"] {
            guard let array = value.array else {
                issue("\(path).ladder", "\(path).ladder must be an array of { after, action, ... } tables")
                return policy
            }
            policy.ladder = ladder(array, path, groups: groups)
        }
        if !policy.allowAutoApprove, let step = policy.ladder.first(where: { $0.action == .autoApprove }) {
            issue(
                "\(path).ladder",
                "\(path): \(step.rule) needs auto_approve = true in this lane (silence is consent only where agreed)")
        }
        return policy
    }

    /// A list of day names (`mon` … `sun`) as Foundation's weekday numbers (1 = Sunday).
    mutating func weekdays(_ table: TOMLTable, _ key: String, _ path: String) -> Set<Int>? {
        guard let days = strings(table, key, path) else { return nil }
        var set: Set<Int> = []
        for day in days {
            if let index = BusinessHours.dayNames.firstIndex(of: day.lowercased()) {
                set.insert(index + 1)
            } else {
                issue("\(path).\(key)", "unknown day \(quoted(day)); use mon, tue, wed, thu, fri, sat, sun")
            }
        }
        return set
    }

    mutating func businessHours(_ table: TOMLTable, _ path: String, zone: TimeZone) -> BusinessHours {
        checkKeys(table, path, allowed: ["days", "start", "end", "holidays"])
        var hours = BusinessHours(timeZone: zone)
        if let days = weekdays(table, "days", path) { hours.days = days }
        for key in ["start", "end"] {
            guard let text = string(table, key, path) else { continue }
            guard let time = TimeOfDay(text) else {
                issue("\(path).\(key)", "\(path).\(key): \(quoted(text)) is not a time like 09:00")
                continue
            }
            if key == "start" { hours.start = time } else { hours.end = time }
        }
        if hours.start >= hours.end {
            issue("\(path).end", "\(path): end (\(hours.end)) must be after start (\(hours.start))")
        }
        for day in strings(table, "holidays", path) ?? [] {
            let parts = day.split(separator: "-").compactMap { Int($0) }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let valid =
                parts.count == 3 && day.count == 10
                && calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])).map {
                    calendar.component(.day, from: $0) == parts[2]
                } == true
            if valid {
                hours.holidays.insert(day)
            } else {
                issue("\(path).holidays", "holiday \(quoted(day)) is not a date like 2026-12-24")
            }
        }
        return hours
    }

}
