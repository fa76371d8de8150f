import FlowAPI
import FlowCore
import Foundation

extension Render {
    /// `flowctl policy simulate`: the fitted model in a few lines, then the two policies side by side.
    static func simulation(_ s: SimulationView) -> String {
        let unit = s.clock == ClockKind.business.rawValue ? "working hours" : "hours"
        func hours(_ value: Double?) -> String { value.map { String(format: "%.1fh", $0) } ?? "-" }
        func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "-" }
        func each(_ value: Double) -> String { String(format: "%.2f", value) }
        let m = s.model
        var text = """
            \(s.client) \(s.lane.rawValue), \(time(s.from)) to \(time(s.to)): \(s.submissions) submissions, \
            \(m.rounds) review rounds ended; \(s.runs) runs each (seed \(s.seed)); times in \(unit)
            answered on their own \(percent(m.shareUnprompted)) (median \(hours(m.medianUnpromptedHours))); \
            after a reminder \(percent(m.shareAfterReminder)) of \(m.remindedRounds) (median \
            \(hours(m.medianAfterReminderHours)) after it); after an escalation \(percent(m.shareAfterEscalation)) \
            of \(m.escalatedRounds); changes asked \(percent(m.shareChanges)), rework median \
            \(hours(m.medianReworkHours))

            """
        if !m.people.isEmpty {
            text +=
                "by person: "
                + m.people.map { "\($0.name) \($0.answered) (median \(hours($0.medianHours)))" }
                .joined(separator: ", ") + "\n"
        }
        for warning in s.warnings { text += "note: \(warning)\n" }
        let (a, b) = (s.current, s.proposal)
        text += "\n"
        text += table(
            ["", "CURRENT", "PROPOSAL"],
            [
                ["cycle p50", hours(a.cycleP50Hours), hours(b.cycleP50Hours)],
                ["cycle p90", hours(a.cycleP90Hours), hours(b.cycleP90Hours)],
                ["within review SLA", percent(a.slaHitRate), percent(b.slaHitRate)],
                ["never decided", percent(a.neverDecided), percent(b.neverDecided)],
                ["reminders per draft", each(a.remindersPerDraft), each(b.remindersPerDraft)],
                ["escalations per draft", each(a.escalationsPerDraft), each(b.escalationsPerDraft)],
                ["woken off hours per draft", each(a.wokenPerDraft), each(b.wokenPerDraft)],
            ], alignFigures: true)
        text += "\ncurrent:  \(ladder(a))\nproposal: \(ladder(b))"
        return text
    }

    private static func ladder(_ f: SimulationView.FiguresView) -> String {
        let steps = f.ladder.isEmpty ? "no ladder" : f.ladder.joined(separator: "; ")
        return steps + (f.reviewSla.map { "; review SLA \($0)" } ?? "")
    }
}
