import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure talking to the daemon, before or after it answered.
public enum ClientError: Error, CustomStringConvertible, Sendable {
    /// Nothing listens on the socket (or it is not there, or we may not open it).
    case unreachable(socket: String, reason: String)
    /// The daemon answered with an error envelope.
    case api(status: Int, code: ErrorCode, message: String)
    /// The answer was not what the protocol promises.
    case protocolError(String)
    /// What flowctl was asked to send cannot be read (a file that is not there).
    case local(String)

    public var description: String {
        switch self {
        case .unreachable(let socket, let reason): "cannot reach flowd at \(socket): \(reason)"
        case .api(_, _, let message): message
        case .protocolError(let message): "unexpected answer from flowd: \(message)"
        case .local(let message): message
        }
    }
}

/// A raw HTTP answer from the daemon.
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
}

/// A small blocking HTTP/1.1 client over a Unix socket: one connection per request, no event loop,
/// so that flowctl starts and exits fast.
public struct ControlClient: Sendable {
    public var socketPath: String
    public var actAs: String?

    public init(socketPath: String, actAs: String? = nil) {
        self.socketPath = socketPath
        self.actAs = actAs
    }

    /// The default socket: `$FLOWD_SOCKET`, else `/run/flowd/flowd.sock`.
    public static var defaultSocket: String {
        ProcessInfo.processInfo.environment["FLOWD_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/run/flowd/flowd.sock"
    }

    public func get<T: Decodable>(_ path: String, as type: T.Type = T.self) throws -> T {
        try decode(try raw(method: "GET", path: path, body: nil))
    }

    public func get<T: WireDecodable>(_ path: String, as type: T.Type = T.self) throws -> T {
        try decode(try raw(method: "GET", path: path, body: nil))
    }

    public func post<T: Decodable>(_ path: String, _ body: some Encodable, as type: T.Type = T.self) throws -> T {
        try decode(try raw(method: "POST", path: path, body: Array(try WireJSON.encoder().encode(body))))
    }

    public func post<T: WireDecodable>(_ path: String, _ body: some Encodable, as type: T.Type = T.self) throws -> T {
        try decode(try raw(method: "POST", path: path, body: Array(try WireJSON.encoder().encode(body))))
    }

    public func patch<T: WireDecodable>(_ path: String, _ body: some Encodable, as type: T.Type = T.self) throws -> T {
        try decode(try raw(method: "PATCH", path: path, body: Array(try WireJSON.encoder().encode(body))))
    }

    public func delete<T: WireDecodable>(_ path: String, as type: T.Type = T.self) throws -> T {
        try decode(try raw(method: "DELETE", path: path, body: nil))
    }

    public func post<T: WireDecodable>(_ path: String, _ body: some WireEncodable, as type: T.Type = T.self) throws -> T
    {
        try decode(try raw(method: "POST", path: path, body: body.jsonBytes))
    }

    /// Throws the answer's error when it is one; returns the answer otherwise.
    func decodeError(_ answer: HTTPAnswer) throws -> HTTPAnswer {
        guard (200..<300).contains(answer.status) else {
            if let envelope = try? WireJSON.decoder().decode(ErrorEnvelope.self, from: Data(answer.body)) {
                throw ClientError.api(status: answer.status, code: envelope.error.code, message: envelope.error.message)
            }
            throw ClientError.protocolError("HTTP \(answer.status) without an error body")
        }
        return answer
    }

    private func decode<T: Decodable>(_ answer: HTTPAnswer) throws -> T {
        let data = Data(try decodeError(answer).body)
        do {
            return try WireJSON.decoder().decode(T.self, from: data)
        } catch {
            throw ClientError.protocolError("cannot decode \(T.self): \(error)")
        }
    }

    func decode<T: WireDecodable>(_ answer: HTTPAnswer) throws -> T {
        let data = Data(try decodeError(answer).body)
        do {
            return try T(jsonData: data)
        } catch {
            throw ClientError.protocolError("cannot decode \(T.self): \(error)")
        }
    }

    /// Sends one request and reads the whole answer.
    public func raw(method: String, path: String, body: [UInt8]?, headers: [(String, String)] = []) throws -> HTTPAnswer
    {
        let fd = try connectSocket()
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: flowd\r\nConnection: close\r\nAccept: application/json\r\n"
        if let actAs { head += "Flowd-As: \(actAs)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body {
            head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        } else if method != "GET" {
            head += "Content-Length: 0\r\n"
        }
        head += "\r\n"
        // A daemon that refuses a body too large answers and closes without reading the rest: its answer says why.
        let sent = try sendAll(fd, (Array(head.utf8) + (body ?? []))[...])
        let answer = try readAll(fd)
        if !sent && answer.isEmpty {
            throw ClientError.protocolError(
                "flowd closed the connection before it read the request (\(body?.count ?? 0) bytes of body)")
        }
        return try Self.parse(answer)
    }

    /// The whole answer, until the daemon closes the connection.
    func readAll(_ fd: Int32) throws -> [UInt8] {
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ClientError.protocolError("read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
        return response
    }

    func connectSocket() throws -> Int32 {
        #if canImport(Glibc)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else {
            throw ClientError.unreachable(socket: socketPath, reason: String(cString: strerror(errno)))
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            close(fd)
            throw ClientError.unreachable(socket: socketPath, reason: "path is longer than \(capacity - 1) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ClientError.unreachable(socket: socketPath, reason: reason + " (is flowd running?)")
        }
        return fd
    }

    /// Writes all of `bytes`; false when the daemon has closed its side (it answered and stopped reading). Never
    /// raises SIGPIPE, which would end flowctl without a word.
    func sendAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) throws -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            #if canImport(Glibc)
                let flags = Int32(MSG_NOSIGNAL)
            #else
                let flags: Int32 = 0
            #endif
            let n = bytes[offset...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, flags) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE || errno == ECONNRESET { return false }
                throw ClientError.protocolError("write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        return true
    }

    static func parse(_ response: [UInt8]) throws -> HTTPAnswer {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = response.firstRange(of: separator) else {
            throw ClientError.protocolError("connection closed before the headers ended")
        }
        let head = String(decoding: response[..<headEnd.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw ClientError.protocolError("bad status line")
        }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Array(response[headEnd.upperBound...])
        if headers.contains(where: { $0.0 == "transfer-encoding" && $0.1.lowercased().contains("chunked") }) {
            body = try dechunk(body)
        }
        return HTTPAnswer(status: status, headers: headers, body: body)
    }

    static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstRange(of: [13, 10]) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self)
            // The size is what comes before the first `;` (an empty size is not the extension's text); a negative
            // or huge one would trap below (reversed range, overflowing sum), so it is malformed too.
            let sizeField = sizeText.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let size = Int(sizeField, radix: 16), size >= 0 else {
                throw ClientError.protocolError("bad chunk size")
            }
            if size == 0 { break }
            let start = lineEnd.upperBound
            guard size <= bytes.count - start else { throw ClientError.protocolError("truncated chunk") }
            out.append(contentsOf: bytes[start..<start + size])
            index = start + size + 2
        }
        return out
    }
}
