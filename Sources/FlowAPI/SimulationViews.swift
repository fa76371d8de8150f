public import FlowCore
public import Foundation

/// `POST /v1/policy/simulate`: replay a client's lane over a period under its policy and under a proposal.
public struct SimulationRequest: Codable, Sendable {
    public var client: String
    public var lane: Lane
    /// How far back the history goes, in seconds.
    public var sinceSeconds: Int64
    /// The proposal file's text, and its name for messages.
    public var proposal: String
    public var proposalName: String
    public var runs: Int
    public var seed: UInt64

    public init(
        client: String, lane: Lane, sinceSeconds: Int64, proposal: String, proposalName: String, runs: Int, seed: UInt64
    ) {
        self.client = client
        self.lane = lane
        self.sinceSeconds = sinceSeconds
        self.proposal = proposal
        self.proposalName = proposalName
        self.runs = runs
        self.seed = seed
    }
}

/// The answer: the model fitted from the period, and each policy's figures side by side.
public struct SimulationView: Codable, Sendable {
    public var client: String
    public var lane: Lane
    public var from: Date
    public var to: Date
    /// The lane's clock: times are in working hours where it is `business`.
    public var clock: String
    public var submissions: Int
    public var runs: Int
    public var seed: UInt64
    public var model: ModelView
    public var current: FiguresView
    public var proposal: FiguresView
    /// What the reader should weigh the figures by: too little history, a prompt never seen.
    public var warnings: [String]
    public var tookMs: Int

    public init(_ outcome: SimulationOutcome) {
        client = outcome.client
        lane = outcome.lane
        from = outcome.from
        to = outcome.to
        clock = outcome.clock.rawValue
        submissions = outcome.submissions
        runs = outcome.runs
        seed = outcome.seed
        model = ModelView(outcome.behaviour)
        current = FiguresView(outcome.current.figures, policy: outcome.current.policy)
        proposal = FiguresView(outcome.proposal.figures, policy: outcome.proposal.policy)
        warnings = outcome.warnings
        tookMs = outcome.tookMilliseconds
    }

    /// The fitted behaviour, in hours of the lane's clock.
    public struct ModelView: Codable, Sendable {
        public var rounds: Int
        public var shareUnprompted: Double
        public var medianUnpromptedHours: Double?
        public var shareAfterReminder: Double
        public var remindedRounds: Int
        public var medianAfterReminderHours: Double?
        public var shareAfterEscalation: Double
        public var escalatedRounds: Int
        public var medianAfterEscalationHours: Double?
        public var shareChanges: Double
        public var medianReworkHours: Double?
        public var people: [PersonView]

        public init(_ b: ReviewBehaviour) {
            func median(_ sorted: [Double]) -> Double? { sorted.isEmpty ? nil : sorted[sorted.count / 2] / 3_600 }
            rounds = b.rounds
            shareUnprompted = b.shareUnprompted
            medianUnpromptedHours = median(b.unprompted)
            shareAfterReminder = b.shareAfterReminder
            remindedRounds = b.remindedRounds
            medianAfterReminderHours = median(b.afterReminder)
            shareAfterEscalation = b.shareAfterEscalation
            escalatedRounds = b.escalatedRounds
            medianAfterEscalationHours = median(b.afterEscalation)
            shareChanges = b.shareChanges
            medianReworkHours = median(b.rework)
            people = b.people.map {
                PersonView(
                    name: $0.name, answered: $0.answered, medianHours: $0.medianSeconds / 3_600,
                    shareChanges: $0.shareChanges)
            }
        }
    }

    public struct PersonView: Codable, Sendable {
        public var name: String
        public var answered: Int
        public var medianHours: Double
        public var shareChanges: Double
    }

    /// One policy's figures: cycle times in hours of the lane's clock, shares from 0 to 1, costs per draft.
    public struct FiguresView: Codable, Sendable {
        /// The policy's ladder as config spells each step, and its review SLA.
        public var ladder: [String]
        public var reviewSla: String?
        public var cycleP50Hours: Double?
        public var cycleP90Hours: Double?
        public var slaHitRate: Double?
        public var neverDecided: Double
        public var remindersPerDraft: Double
        public var escalationsPerDraft: Double
        public var wokenPerDraft: Double

        public init(_ figures: SimulationFigures, policy: LanePolicy) {
            ladder = policy.ladder.map(\.rule)
            reviewSla = policy.reviewSLA?.description
            cycleP50Hours = figures.cycleP50.map { $0 / 3_600 }
            cycleP90Hours = figures.cycleP90.map { $0 / 3_600 }
            slaHitRate = figures.slaHitRate
            neverDecided = figures.neverDecided
            remindersPerDraft = figures.remindersPerDraft
            escalationsPerDraft = figures.escalationsPerDraft
            wokenPerDraft = figures.wokenPerDraft
        }
    }
}
