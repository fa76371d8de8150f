public import Foundation

/// Retention: delivered outbox rows and inbound delivery ids (but those of signed bodies) are kept for a while and
/// then purged; pending rows of sinks no longer in the config are dead-lettered. Always in small batches, each its
/// own short write transaction on an index, so that the writer is never held long whatever the tables' size.
extension Store {
    public func retentionBatch(
        deliveredBefore: Date, receivedBefore: Date, sinks known: Set<String>, orphanedBefore: Date, limit: Int
    ) async throws -> RetentionBatch {
        var batch = RetentionBatch()
        try await writing {
            try db.run(
                """
                DELETE FROM outbox WHERE id IN (
                    SELECT id FROM outbox WHERE state = 'delivered' AND delivered_at < ? ORDER BY delivered_at LIMIT ?)
                """, [.int(deliveredBefore.millis), .int(Int64(limit))])
            batch.deliveredPurged = Int(db.changes)
            // Receipts of signed bodies stay (`DeliveryReceipt.signedBodyPrefix`). The condition is the one the index
            // `webhook_receipts_by_at` is partial on, word for word, so that SQLite uses it and never walks past the
            // ever more receipts that stay.
            try db.run(
                """
                DELETE FROM webhook_receipts WHERE (source, id) IN (
                    SELECT source, id FROM webhook_receipts WHERE at < ? AND \(Self.expiringReceipt)
                    ORDER BY at LIMIT ?)
                """, [.int(receivedBefore.millis), .int(Int64(limit))])
            batch.receiptsPurged = Int(db.changes)
            let names = JSONColumns.encode(known.sorted())
            try db.run(
                """
                UPDATE outbox SET state = 'dead', next_attempt_at = NULL,
                    last_error = 'sink ' || sink || ' is no longer in the config'
                WHERE id IN (
                    SELECT id FROM outbox WHERE state = 'pending' AND created_at < ?
                    AND sink NOT IN (SELECT value FROM json_each(?)) LIMIT ?)
                """, [.int(orphanedBefore.millis), .text(names), .int(Int64(limit))])
            batch.orphansDeadLettered = Int(db.changes)
            // An inbox link that ended a retention ago opens nothing any more and names a person: gone.
            try db.run(
                """
                DELETE FROM inbox_links WHERE id IN (
                    SELECT id FROM inbox_links WHERE expires_at < ? ORDER BY expires_at LIMIT ?)
                """, [.int(deliveredBefore.millis), .int(Int64(limit))])
            batch.inboxLinksPurged = Int(db.changes)
        }
        batch.more =
            max(batch.deliveredPurged, batch.receiptsPurged, batch.orphansDeadLettered, batch.inboxLinksPurged) >= limit
        return batch
    }

    /// The receipts retention may purge; also the condition of the partial index `webhook_receipts_by_at`.
    static let expiringReceipt = "substr(id, 1, 5) <> 'body:'"
}
