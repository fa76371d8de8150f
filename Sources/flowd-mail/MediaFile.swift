import Crypto
import FlowMail
import Foundation

/// A medium's stored file, read for the mail's inline picture: by its hash under the media directory, at most
/// `MailPicture.maxBytes`, and only if its bytes still have that hash, so the mail never shows other bytes than
/// the ones the notification names.
enum MediaFile {
    static func read(_ sha256: String, in directory: String) -> Data? {
        guard sha256.utf8.count == 64, sha256.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        let path = directory + "/" + sha256.prefix(2) + "/" + sha256.dropFirst(2)
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let bytes = try? handle.read(upToCount: MailPicture.maxBytes + 1), bytes.count <= MailPicture.maxBytes
        else { return nil }
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return digest == sha256 ? bytes : nil
    }
}
