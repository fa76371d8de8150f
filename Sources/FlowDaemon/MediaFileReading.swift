import Foundation

extension MediaFiles {
    /// The size of the stored file of the medium with this hash; nil when there is none, or something other than
    /// a regular file lies there.
    func storedSize(of sha256: String) -> (path: String, size: UInt64)? {
        guard let path = path(of: sha256),
            let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let size = (attributes[.size] as? NSNumber)?.uint64Value
        else { return nil }
        return (path, size)
    }
}
