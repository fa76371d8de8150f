import FlowCore
import Foundation

/// The media's files: content-addressed under `<the database's directory>/media/`, each named by the SHA-256 of its
/// bytes as `ab/cdef…` (two hex digits, then the other sixty-two), so the same picture attached twice is one file
/// and a revision's hash names its file.
struct MediaFiles: Sendable {
    /// `<the database's directory>/media`.
    let root: String

    init(database: String) {
        root = URL(fileURLWithPath: database).deletingLastPathComponent().path + "/media"
    }

    init(root: String) { self.root = root }

    /// Where the file of a medium with this hash lies; nil for text that is not a hash, so no request names a
    /// path of its own.
    func path(of sha256: String) -> String? {
        guard Medium.isSHA256(sha256) else { return nil }
        return root + "/" + sha256.prefix(2) + "/" + sha256.dropFirst(2)
    }
}
