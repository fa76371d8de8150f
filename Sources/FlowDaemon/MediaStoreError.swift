import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A media file could not be written, read, moved or removed: the disk's fault, not the upload's, so the request is
/// answered as a server error. The message names the step, the path and the system's reason.
struct MediaStoreError: Error, CustomStringConvertible {
    var description: String

    init(_ step: String, _ path: String, errno code: Int32 = errno) {
        description = "media: cannot \(step) \(path): \(String(cString: strerror(code)))"
    }
}
