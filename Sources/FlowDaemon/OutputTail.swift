import Foundation
import Synchronization

/// The end of what a command sink writes on standard output, read off the cooperative pool as it comes: the pipe
/// never fills (a command blocked on a full pipe would only time out), and a command that writes without end
/// costs a bounded buffer.
final class OutputTail: Sendable {
    private static let keep = 1_024
    private let state = Mutex<(tail: [UInt8], ended: Bool)>(([], false))

    init(_ handle: FileHandle) {
        DispatchQueue.global().async { self.pump(handle) }
    }

    private func pump(_ handle: FileHandle) {
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            state.withLock {
                $0.tail.append(contentsOf: chunk)
                if $0.tail.count > Self.keep { $0.tail.removeFirst($0.tail.count - Self.keep) }
            }
        }
        try? handle.close()
        state.withLock { $0.ended = true }
    }

    /// The last non-empty line, at most 200 characters with control characters dropped; nil when nothing was said.
    func lastLine(waitingAtMost seconds: Double) async -> String? {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        while !state.withLock({ $0.ended }) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        let bytes = state.withLock { $0.tail }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) })
        else { return nil }
        let clean = String(
            String.UnicodeScalarView(line.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }))
        return String(clean.prefix(200))
    }
}
