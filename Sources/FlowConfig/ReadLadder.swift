import FlowCore
import TOMLKit

/// A lane's `ladder`: the steps taken while a review waits, in order of `after`.
extension Reader {
    mutating func ladder(_ array: TOMLArray, _ path: String, groups: [String: [String]]) -> [LadderStep] {
        var steps: [LadderStep] = []
        let stepPath = "\(path).ladder"
        for (index, element) in array.enumerated() {
            let label = "\(path).ladder[\(index + 1)]"
            guard let step = ladderStep(element, stepPath, label: label, groups: groups) else { continue }
            if let previous = steps.last, step.after < previous.after {
                issue(
                    stepPath,
                    "\(label): steps must be in order of after (\(step.after) comes before \(previous.after))")
            }
            steps.append(step)
        }
        return steps
    }

    /// One `{ after, action, to, every, max }` step; nil (with an issue) when it cannot be taken as written.
    private mutating func ladderStep(
        _ element: any TOMLValueConvertible, _ stepPath: String, label: String, groups: [String: [String]]
    ) -> LadderStep? {
        guard let stepTable = element.table else {
            issue(stepPath, "\(label) must be a table like { after = \"2h\", action = \"remind\" }")
            return nil
        }
        for key in stepTable.keys where !["after", "action", "to", "every", "max"].contains(key) {
            issue(stepPath, "\(label): unknown key \(quoted(key)); known: after, action, to, every, max")
        }
        guard let afterText = stepTable["after"]?.string, let after = TimeSpan(afterText) else {
            issue(stepPath, "\(label): after must be a duration like 2h")
            return nil
        }
        guard let actionText = stepTable["action"]?.string, let action = StepAction(rawValue: actionText) else {
            let names = StepAction.allCases.map(\.rawValue).joined(separator: ", ")
            issue(stepPath, "\(label): action must be one of \(names)")
            return nil
        }
        var step = LadderStep(after: after, action: action)
        if let to = stepTable["to"]?.string {
            guard action == .escalate else {
                issue(stepPath, "\(label): to applies to escalate only")
                return nil
            }
            guard to == "backup_approvers" || to == "all" || groups[to] != nil else {
                issue(stepPath, "\(label): escalate to \(quoted(to)): not backup_approvers, all, or a [groups] name")
                return nil
            }
            step.to = to
        } else if action == .escalate {
            step.to = "backup_approvers"
        }
        if let everyText = stepTable["every"]?.string {
            guard action == .remind, let every = TimeSpan(everyText), every.seconds > 0 else {
                issue(stepPath, "\(label): every must be a positive duration, on remind steps only")
                return nil
            }
            step.every = every
        }
        if let maxValue = stepTable["max"] {
            guard action == .remind, let max = maxValue.int, max >= 1 else {
                issue(stepPath, "\(label): max must be a positive integer, on remind steps only")
                return nil
            }
            step.max = max
        }
        return step
    }
}
