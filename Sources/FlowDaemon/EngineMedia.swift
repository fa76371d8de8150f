import FlowConfig
import FlowCore
import FlowStore
import Foundation
import Logging
import NIOCore
import NIOPosix

extension Engine {
    /// One change to a draft's media, decided on the draft as it is in the write transaction: an edit, so it makes
    /// a revision and voids the approvals of the one before.
    func changeMedia(
        _ change: MediaChange, on id: Int64, revision: Int?, message: String?, by actor: Actor
    ) async throws -> DraftReading {
        try await act(
            Request(.edit(ContentPatch(media: change)), expectedRevision: revision, message: message), on: id,
            by: actor)
    }

    /// An upload attached to a draft. Whatever the attach itself would refuse (a draft the caller may not see or
    /// edit, a stale revision, a full draft, a bad alt text) is refused before a byte of the body is read, and so
    /// is a body whose announced length is past every limit; then the file is stored (`MediaFiles.receive`) and
    /// the attach decided again on the draft as it is by then.
    func attach(
        _ body: some AsyncSequence<ByteBuffer, any Error>, announcedBytes: Int?, to id: Int64, alt: String,
        position: Int?, revision: Int?, message: String?, by actor: Actor
    ) async throws -> DraftReading {
        let attachment = Attachment(draft: id, alt: alt, position: position, revision: revision, message: message)
        let medium = try await stored(attachment, by: actor) { (body, announcedBytes) }
        return try await act(attachment.request(medium), on: id, by: actor)
    }

    /// An attach that a sender's delivery asked for (a webhook naming a medium by address), once per delivery: a
    /// redelivery is answered with the first outcome before `open` is called, so nothing is fetched again, and the
    /// attach commits with the delivery's receipt, so two copies racing each other attach once.
    func attachOnce<Body: AsyncSequence<ByteBuffer, any Error>>(
        opening open: () async throws -> (Body, announcedBytes: Int?), _ attachment: Attachment, by actor: Actor,
        receipt: (source: String, id: String)
    ) async throws -> (outcome: DeliveryOutcome, duplicate: Bool) {
        if let outcome = try await store.deliveryOutcome(source: receipt.source, id: receipt.id) {
            return once(.duplicate(outcome: outcome), receipt: receipt)
        }
        let medium = try await stored(attachment, by: actor, opening: open)
        return once(
            try await commit(attachment.request(medium), on: attachment.draft, by: actor, receipt: receipt),
            receipt: receipt)
    }

    /// The body `open` gives, stored as a medium once the attach it is for has been checked.
    private func stored<Body: AsyncSequence<ByteBuffer, any Error>>(
        _ attachment: Attachment, by actor: Actor, opening open: () async throws -> (Body, announcedBytes: Int?)
    ) async throws -> Medium {
        let id = attachment.draft
        let draft = try await visibleDraft(id, to: actor)
        let (directory, database) = configured { ($0.directory, $0.database) }
        let placeholder = Medium(
            sha256: String(repeating: "0", count: 64), kind: .jpeg, byteCount: 0, width: 1, height: 1,
            alt: attachment.alt)
        _ = try Workflow.decide(
            attachment.request(placeholder), on: draft, by: actor, directory: directory, now: time.now())
        let (body, announcedBytes) = try await open()
        if let announcedBytes, announcedBytes > directory.media.maxAnyBytes {
            throw Refusal(
                .invalidRequest,
                "the file is \(announcedBytes) bytes, larger than any medium flowd takes "
                    + "(\(directory.media.maxAnyBytes) bytes)")
        }
        let keepLocation = directory.policy(for: draft.lane, client: draft.client).keepLocation
        var medium: Medium
        do {
            medium = try await MediaFiles(database: database).receive(
                body, limits: directory.media, keepLocation: keepLocation
            ).medium
        } catch let refusal as MediaRefusal {
            logger.error(
                "upload refused", metadata: ["draft": "\(id)", "actor": "\(actor.user.name)", "reason": "\(refusal)"])
            throw refusal.refusal
        } catch let error as MediaStoreError {
            logger.error("upload not stored", metadata: ["draft": "\(id)", "error": "\(error)"])
            throw error
        } catch is CancellationError {
            // The connection closed mid-body and the server cancelled the request before its body could fail:
            // the same upload cut off, which must be as visible in the log as one whose body failed first.
            logger.error(
                "upload refused",
                metadata: [
                    "draft": "\(id)", "actor": "\(actor.user.name)",
                    "reason": "the upload was cut off: the connection closed",
                ])
            throw CancellationError()
        }
        medium.alt = attachment.alt
        logger.info(
            "medium stored",
            metadata: [
                "draft": "\(id)", "sha256": "\(medium.sha256.prefix(12))", "bytes": "\(medium.byteCount)",
                "kind": "\(medium.kind.rawValue)",
            ])
        return medium
    }
}

extension Engine {
    /// Removes the media files no revision names that are older than the retention: an upload whose revision never
    /// committed (refused by then, or cut off by a crash between the file's rename and the commit). A file an upload
    /// has just renamed into place is young, so the sweep leaves it for the revision about to name it.
    @discardableResult
    func sweepMedia() async throws -> Int {
        let (database, retention) = configured { ($0.database, $0.retention) }
        let referenced = try await NIOThreadPool.singleton.runIfActive {
            try Store.referencedMedia(database: database)
        }
        let now = time.now()
        let removed = try await MediaFiles(database: database).sweep(
            referenced: referenced, olderThan: now.addingTimeInterval(-retention.timeInterval), now: now)
        if removed > 0 { logger.notice("unreferenced media removed", metadata: ["count": "\(removed)"]) }
        return removed
    }
}
