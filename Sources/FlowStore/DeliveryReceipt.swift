public import Foundation

/// A sender's delivery as `webhook_receipts` keeps it, so that a redelivery changes nothing: which source and
/// delivery id, and when the delivery made its transition. Retention purges receipts by `at`, so it is the
/// transition's own time and never the draft's: a comment leaves the draft's time as it was, and a receipt dated
/// by that could be purged at the next pass and let a redelivered comment in twice.
///
/// A receipt whose id starts with `signedBodyPrefix` is kept as long as its draft, which is for good (drafts are
/// never deleted): its sender signs the body alone and nothing about it expires (the GitHub scheme), so the body is
/// the delivery, and once its receipt were purged a captured copy would act again.
public struct DeliveryReceipt: Sendable, Equatable {
    public var source: String
    public var id: String
    public var at: Date

    /// How the id of a delivery that is its signed body begins: the rest is the body's SHA-256 in hex.
    public static let signedBodyPrefix = "body:"

    public init(source: String, id: String, at: Date) {
        self.source = source
        self.id = id
        self.at = at
    }
}
