import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The end of what a command sink writes on standard output, read off the cooperative pool as it comes: the pipe
/// never fills (a command blocked on a full pipe would only time out), and a command that writes without end costs a
/// bounded buffer. The reads never block: a child the command left running may hold the pipe open for ever, and the
/// reader then stops when `lastLine` is done with it instead of holding a thread.
final class OutputTail: Sendable {
    private static let keep = 1_024
    private let state = Mutex<(tail: [UInt8], ended: Bool, stop: Bool)>(([], false, false))

    /// Reads `fd`, the read end of the command's standard output, and closes it when done.
    init(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        DispatchQueue.global().async { self.pump(fd) }
    }

    private func pump(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                state.withLock {
                    $0.tail.append(contentsOf: buffer[0..<count])
                    if $0.tail.count > Self.keep { $0.tail.removeFirst($0.tail.count - Self.keep) }
                }
            } else if count < 0, errno == EAGAIN || errno == EINTR {
                if state.withLock({ $0.stop }) { break }
                usleep(5_000)
            } else {
                break
            }
        }
        close(fd)
        state.withLock { $0.ended = true }
    }

    /// Ends the reading, whatever is still to come: every way out of a command's run calls it.
    func finish() {
        state.withLock { $0.stop = true }
    }

    /// The last non-empty line, at most 200 characters with control characters dropped; nil when nothing was said.
    /// The reading ends here: what was not written by then is not waited for.
    func lastLine(waitingAtMost seconds: Double) async -> String? {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        while !state.withLock({ $0.ended }) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        let bytes = state.withLock {
            $0.stop = true
            return $0.tail
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) })
        else { return nil }
        let clean = String(
            String.UnicodeScalarView(line.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }))
        return String(clean.prefix(200))
    }
}
