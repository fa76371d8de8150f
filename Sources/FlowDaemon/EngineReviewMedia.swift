import FlowCore
import FlowStore
import Foundation
import Logging

/// What a review link's media address reads, through the engine rather than its store.
extension Engine {
    /// The medium at `position` (1-based) of the revision `link` was made for, exactly when the link's page shows
    /// that revision's content at `now` (`ReviewLink.medium`), with where its stored file lies and its size; nil
    /// otherwise, and when the file is gone. The caller has read the link and its draft and decided the reader's
    /// scope where the page decides it (`ReviewSite.lookUp`).
    func reviewMedium(at position: Int, link: ReviewLink, draft: Draft, now: Date) -> (
        medium: Medium, path: String, size: UInt64
    )? {
        guard let medium = link.medium(at: position, of: draft, now: now, key: linkKey) else { return nil }
        return stored(medium, of: draft, shortHash: link.shortHash)
    }

    /// The medium at `position` of a draft a calendar feed previews, which the caller found in review in the
    /// feed's client, with its file; nil for a position the draft does not have, and when the file is gone.
    func previewMedium(at position: Int, of draft: Draft) -> (medium: Medium, path: String, size: UInt64)? {
        guard draft.state == .review, let medium = draft.content.medium(at: position) else { return nil }
        return stored(medium, of: draft, shortHash: nil)
    }

    /// The medium with this hash on the draft, while the draft is approved with it (`MediaAddress.served`), with
    /// its file; nil otherwise. The caller has checked the address's token.
    func approvedMedium(_ sha256: String, draft id: Int64) async throws -> (
        medium: Medium, path: String, size: UInt64
    )? {
        guard let draft = try await store.draft(id), let medium = MediaAddress.served(sha256, of: draft) else {
            return nil
        }
        return stored(medium, of: draft, shortHash: nil)
    }

    /// Where the medium's file lies and its size; nil, logged as a fault, when it is gone: a revision that names
    /// a medium commits only after its file.
    private func stored(_ medium: Medium, of draft: Draft, shortHash: String?) -> (
        medium: Medium, path: String, size: UInt64
    )? {
        guard let (path, size) = MediaFiles(database: store.path).storedSize(of: medium.sha256) else {
            var metadata: Logger.Metadata = ["draft": "\(draft.id)", "revision": "\(draft.revision)"]
            metadata["link"] = shortHash.map { "\($0)" }
            logger.critical("a medium's file is missing", metadata: metadata)
            return nil
        }
        return (medium, path, size)
    }
}
