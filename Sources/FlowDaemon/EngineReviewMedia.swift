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
        guard let (path, size) = MediaFiles(database: store.path).storedSize(of: medium.sha256) else {
            logger.critical(
                "a medium's file is missing",
                metadata: ["draft": "\(draft.id)", "revision": "\(draft.revision)", "link": "\(link.shortHash)"])
            return nil
        }
        return (medium, path, size)
    }
}
