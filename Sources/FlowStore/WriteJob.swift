public import FlowCore

/// A transition queued for the writer: what to read, decide and write, and whom to answer once its batch has
/// committed (or failed).
public struct WriteJob: Sendable {
    let draftID: Int64?
    let receipt: DeliveryReceipt?
    let outbox: OutboxPlanner?
    let lookup: ContextLookup?
    let decide: @Sendable (Draft?, Int64, DecisionContext) throws -> Decision
    let done: @Sendable (Result<Store.TransitionResult, any Error>) -> Void

    /// `done` is called once, on the store's writer, right after the commit: it should hand the answer on (resume
    /// a continuation, or schedule the write on a connection's event loop), not work on it.
    public init(
        draftID: Int64?, receipt: DeliveryReceipt?, outbox: OutboxPlanner?, lookup: ContextLookup?,
        decide: @escaping @Sendable (Draft?, Int64, DecisionContext) throws -> Decision,
        done: @escaping @Sendable (Result<Store.TransitionResult, any Error>) -> Void
    ) {
        self.draftID = draftID
        self.receipt = receipt
        self.outbox = outbox
        self.lookup = lookup
        self.decide = decide
        self.done = done
    }
}
