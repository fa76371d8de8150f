import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file sent as a request's body, streamed from disk in pieces: a 500 MB video never sits in flowctl's memory.
extension ControlClient {
    /// Sends the file at `file` as the body of `PUT path` and reads the answer as `T`. The daemon may refuse the
    /// upload before it has read it all (its type is wrong from the first bytes, it is past the size limit): then
    /// the socket closes under the write, and its answer, already sent, is what flowctl reports.
    public func upload<T: WireDecodable>(_ path: String, file: String, as type: T.Type = T.self) throws -> T {
        let input = open(file, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw ClientError.file(file, String(cString: strerror(errno))) }
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0 else { throw ClientError.file(file, String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw ClientError.file(file, "not a regular file") }
        let fd = try connectSocket()
        defer { close(fd) }
        var head = "PUT \(path) HTTP/1.1\r\nHost: flowd\r\nConnection: close\r\nAccept: application/json\r\n"
        if let actAs { head += "Flowd-As: \(actAs)\r\n" }
        head += "Content-Type: application/octet-stream\r\nContent-Length: \(info.st_size)\r\n\r\n"
        if try sendAll(fd, Array(head.utf8)[...]) {
            try sendFile(input, to: fd, count: Int(info.st_size), path: file)
        }
        return try decode(try Self.parse(readAll(fd)))
    }

    /// Sends `count` bytes of the open file `input` by sendfile(2), from the page cache to the socket without passing
    /// through flowctl's memory; stops early when the daemon has closed its side, whose answer is then read. SIGPIPE,
    /// which sendfile raises then and cannot be told not to, is ignored meanwhile.
    private func sendFile(_ input: Int32, to fd: Int32, count: Int, path: String) throws {
        #if canImport(Glibc)
            // A send buffer as large as the system allows lets the file run ahead of the daemon's reads, rather than
            // the two taking turns every couple of hundred kilobytes.
            var size: Int32 = 4 << 20
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            let previous = signal(SIGPIPE, SIG_IGN)
            defer { signal(SIGPIPE, previous) }
            var left = count
            while left > 0 {
                let n = Glibc.sendfile(fd, input, nil, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE || errno == ECONNRESET { return }
                    throw ClientError.protocolError("write failed: \(String(cString: strerror(errno)))")
                }
                guard n > 0 else { throw ClientError.file(path, "it became shorter while it was sent") }
                left -= n
            }
        #else
            var buffer = [UInt8](repeating: 0, count: 256 * 1024)
            var left = count
            while left > 0 {
                let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, min($0.count, left)) }
                if n < 0, errno == EINTR { continue }
                guard n >= 0 else { throw ClientError.file(path, String(cString: strerror(errno))) }
                guard n > 0 else { throw ClientError.file(path, "it became shorter while it was sent") }
                guard try sendAll(fd, buffer[..<n]) else { return }
                left -= n
            }
        #endif
    }
}

extension ClientError {
    /// A local file flowctl was asked to send cannot be read.
    static func file(_ path: String, _ reason: String) -> ClientError {
        .local("\(path): \(reason)")
    }
}
