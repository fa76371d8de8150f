/// How a client's approvers answered in one lane, fitted from the review rounds of a period: the model
/// `PolicySimulation` replays a ladder with. Times are seconds of the lane's clock.
///
/// The model: in a round, the approvers answer on their own (at a time drawn from the times they answered before the
/// first reminder) or not; those who did not may answer after the first reminder (drawn from the delays after one)
/// and else after the first escalation (the delays after one). A round that nobody answers ends at the ladder's
/// automatic approval or return, or never. An answer asks for changes at the share seen, and the rework then takes a
/// time drawn from the rework seen, before the next round. Draws are from the times observed (a bootstrap).
public struct ReviewBehaviour: Sendable, Equatable {
    /// Rounds that ended in the period, which the figures are fitted from.
    public var rounds = 0
    /// Answers given before any reminder or escalation, sorted; and their share of the rounds.
    public var unprompted: [Double] = []
    public var shareUnprompted = 0.0
    /// Of the rounds not answered unprompted that saw a reminder: the delays of answers after the first reminder
    /// (before any escalation), sorted; their share; how many rounds that share is of.
    public var afterReminder: [Double] = []
    public var shareAfterReminder = 0.0
    public var remindedRounds = 0
    /// Of the rounds still unanswered at their first escalation: the delays of answers after it, their share, and how
    /// many rounds that share is of.
    public var afterEscalation: [Double] = []
    public var shareAfterEscalation = 0.0
    public var escalatedRounds = 0
    /// The share of answers that asked for changes, and the rework times seen after one, sorted.
    public var shareChanges = 0.0
    public var rework: [Double] = []
    /// Each person who answered: how many rounds, and the median time of their answers.
    public var people: [PersonAnswers] = []

    public init() {}

    /// The fewest ended rounds the figures are worth much with; fewer are fitted all the same, and said.
    public static let enoughRounds = 30

    public struct PersonAnswers: Sendable, Equatable {
        public var name: String
        public var answered: Int
        public var medianSeconds: Double
        public var shareChanges: Double
    }

    /// Fits the model to the rounds that ended (a round still running says nothing yet of how it ends).
    public static func fit(_ all: [ReviewRound]) -> ReviewBehaviour {
        var model = ReviewBehaviour()
        let ended = all.filter { $0.ended != nil }
        model.rounds = ended.count
        var answers = 0
        var changes = 0
        var byPerson: [String: (times: [Double], changes: Int)] = [:]
        for round in ended {
            if let answered = round.answered {
                answers += 1
                if round.changes { changes += 1 }
                if let name = round.answeredBy {
                    byPerson[name, default: ([], 0)].times.append(answered)
                    if round.changes { byPerson[name, default: ([], 0)].changes += 1 }
                }
            }
            let firstPrompt = [round.reminded, round.escalated].compactMap { $0 }.min()
            if let answered = round.answered, firstPrompt.map({ answered < $0 }) ?? true {
                model.unprompted.append(answered)
                continue
            }
            if let reminded = round.reminded, round.escalated.map({ reminded < $0 }) ?? true {
                model.remindedRounds += 1
                if let answered = round.answered, answered >= reminded, round.escalated.map({ answered < $0 }) ?? true {
                    model.afterReminder.append(answered - reminded)
                    continue
                }
            }
            if let escalated = round.escalated {
                model.escalatedRounds += 1
                if let answered = round.answered, answered >= escalated {
                    model.afterEscalation.append(answered - escalated)
                }
            }
        }
        model.rework = ended.compactMap(\.rework).sorted()
        model.unprompted.sort()
        model.afterReminder.sort()
        model.afterEscalation.sort()
        model.shareUnprompted = share(model.unprompted.count, of: model.rounds)
        model.shareAfterReminder = share(model.afterReminder.count, of: model.remindedRounds)
        model.shareAfterEscalation = share(model.afterEscalation.count, of: model.escalatedRounds)
        model.shareChanges = share(changes, of: answers)
        model.people = byPerson.keys.sorted().map { name in
            let (times, changes) = byPerson[name] ?? ([], 0)
            return PersonAnswers(
                name: name, answered: times.count, medianSeconds: quantile(times.sorted(), 0.5),
                shareChanges: share(changes, of: times.count))
        }
        return model
    }

    /// What the figures cannot tell from this history, said rather than hidden.
    public func warnings(requiredApprovals: Int) -> [String] {
        var out: [String] = []
        if rounds < Self.enoughRounds {
            out.append(
                "too little history: \(rounds) review rounds ended in the period (\(Self.enoughRounds) or more make "
                    + "the figures worth much); take them as a rough guide")
        }
        if remindedRounds == 0 {
            out.append(
                "no reminder fired in the period: how people answer a reminder is unknown, and taken as not at all")
        }
        if escalatedRounds == 0 {
            out.append(
                "no escalation fired in the period: how people answer an escalation is unknown, and taken as not at all"
            )
        }
        if requiredApprovals > 1 {
            out.append("the lane needs \(requiredApprovals) approvals; the model follows the first answer only")
        }
        return out
    }

    static func share(_ count: Int, of total: Int) -> Double { total == 0 ? 0 : Double(count) / Double(total) }

    /// The value at `fraction` of a sorted sample (0 when empty): a bootstrap draw when `fraction` is uniform.
    static func quantile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(fraction * Double(sorted.count)))]
    }
}
