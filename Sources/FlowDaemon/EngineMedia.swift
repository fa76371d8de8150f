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
        func attaching(_ medium: Medium) -> Request {
            Request(
                .edit(ContentPatch(media: .attach(medium, position: position))), expectedRevision: revision,
                message: message)
        }
        let draft = try await visibleDraft(id, to: actor)
        let (directory, database) = configured { ($0.directory, $0.database) }
        let placeholder = Medium(
            sha256: String(repeating: "0", count: 64), kind: .jpeg, byteCount: 0, width: 1, height: 1, alt: alt)
        _ = try Workflow.decide(attaching(placeholder), on: draft, by: actor, directory: directory, now: time.now())
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
        }
        medium.alt = alt
        logger.info(
            "medium stored",
            metadata: [
                "draft": "\(id)", "sha256": "\(medium.sha256.prefix(12))", "bytes": "\(medium.byteCount)",
                "type": "\(medium.kind.rawValue)",
            ])
        return try await act(attaching(medium), on: id, by: actor)
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
        if removed > 0 { logger.notice("unreferenced media removed", metadata: ["files": "\(removed)"]) }
        return removed
    }
}
