import FlowAPI
import FlowCore
import Foundation

/// A file judged before anything is sent, by the sniffer flowd itself runs: `new --media` creates no draft for a
/// file flowd would refuse.
enum LocalMedia {
    static func check(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ClientError.local("\(path): cannot be read")
        }
        defer { try? handle.close() }
        var sniffer = MediaSniffer()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try sniffer.feed(ArraySlice(chunk))
            }
            _ = try sniffer.finish()
        } catch let refusal as MediaRefusal {
            throw ClientError.local("\(path): \(refusal.message)")
        }
    }
}
