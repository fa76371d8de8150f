public import Foundation

/// A sender's delivery as `webhook_receipts` keeps it, so that a redelivery changes nothing: which source and
/// delivery id, and when the delivery made its transition. Retention purges receipts by `at`, so it is the
/// transition's own time and never the draft's: a comment leaves the draft's time as it was, and a receipt dated
/// by that could be purged at the next pass and let a redelivered comment in twice.
public struct DeliveryReceipt: Sendable, Equatable {
    public var source: String
    public var id: String
    public var at: Date

    public init(source: String, id: String, at: Date) {
        self.source = source
        self.id = id
        self.at = at
    }
}
