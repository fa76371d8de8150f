import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a line stream from flowd ended.
public enum StreamEnd: Sendable, Equatable {
    /// flowd ended the response (a stream without `follow` reached its end).
    case finished
    /// The connection closed before the response ended: flowd stopped, or dropped the follower.
    case closed
}

extension ControlClient {
    /// `GET path` whose answer is one JSON document per line, handed to `line` as each arrives (empty lines,
    /// flowd's heartbeats, are skipped). An error answer throws like any other request; `opened` runs once flowd
    /// has accepted the request, before the first line.
    public func stream(_ path: String, opened: () -> Void = {}, line: (String) throws -> Void) throws -> StreamEnd {
        let fd = try connectSocket()
        defer { close(fd) }
        var head = "GET \(path) HTTP/1.1\r\nHost: flowd\r\nConnection: close\r\nAccept: application/x-ndjson\r\n"
        if let actAs { head += "Flowd-As: \(actAs)\r\n" }
        _ = try sendAll(fd, Array((head + "\r\n").utf8)[...])
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        func readMore() throws -> Bool {
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n < 0 { throw ClientError.protocolError("read failed: \(String(cString: strerror(errno)))") }
                if n == 0 { return false }
                pending.append(contentsOf: buffer[0..<n])
                return true
            }
        }
        // The head, then either an error answer (read whole) or a chunked body of lines.
        while pending.firstRange(of: [13, 10, 13, 10]) == nil {
            guard try readMore() else { throw ClientError.protocolError("connection closed before the headers ended") }
        }
        let headEnd = pending.firstRange(of: [13, 10, 13, 10])!
        let status = Self.status(of: pending[..<headEnd.lowerBound])
        if status != 200 {
            while try readMore() {}
            _ = try decodeError(try Self.parse(pending))
        }
        opened()
        var body = ChunkedLines()
        body.feed(pending[headEnd.upperBound...])
        pending.removeAll(keepingCapacity: true)
        while true {
            while let text = try body.nextLine() {
                if !text.isEmpty { try line(text) }
            }
            if body.ended { return .finished }
            guard try readMore() else { return .closed }
            body.feed(pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    static func status(of head: ArraySlice<UInt8>) -> Int {
        let first = head.prefix { $0 != 13 }.split(separator: 32)
        return first.count >= 2 ? Int(String(decoding: first[1], as: UTF8.self)) ?? 0 : 0
    }
}

/// Undoes chunked transfer encoding as bytes arrive and splits the result into lines.
public struct ChunkedLines: Sendable {
    private var raw: [UInt8] = []
    private var index = 0
    private var text: [UInt8] = []
    public private(set) var ended = false

    public init() {}

    public mutating func feed(_ bytes: some Collection<UInt8>) {
        if index > 64 * 1024 {
            raw.removeFirst(index)
            index = 0
        }
        raw.append(contentsOf: bytes)
        decode()
    }

    private mutating func decode() {
        while !ended, let lineEnd = raw[index...].firstRange(of: [13, 10]) {
            let sizeField = raw[index..<lineEnd.lowerBound].prefix { $0 != 59 }
            guard let size = Int(String(decoding: sizeField, as: UTF8.self), radix: 16), size >= 0 else {
                ended = true
                return
            }
            if size == 0 {
                ended = true
                return
            }
            let start = lineEnd.upperBound
            guard raw.count - start >= size + 2 else { return }
            text.append(contentsOf: raw[start..<start + size])
            index = start + size + 2
        }
    }

    /// The next complete line, without its newline; nil until one has arrived.
    public mutating func nextLine() throws -> String? {
        guard let newline = text.firstIndex(of: 10) else { return nil }
        let line = String(decoding: text[..<newline], as: UTF8.self)
        text.removeFirst(newline + 1)
        return line
    }
}
