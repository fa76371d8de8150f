import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

@testable import FlowDaemon

/// Each request, in order over one kept-alive connection, to `router` behind a listener as flowd runs one
/// (`http1Server`, on a Unix socket here), so a medium's file goes out as flowd sends it (`FileBodyHandler`); returns
/// each answer's status, headers and body.
func throughListener<Context: RequestContext>(
    _ router: Router<Context>, _ requests: [(HTTPRequest.Method, String, HTTPFields)]
) async throws -> [(Int, HTTPFields, [UInt8])] where Context.Source == ApplicationRequestContextSource {
    let socket = temporaryDirectory() + "/listener.sock"
    // Hummingbird logs the connections of a server that is cancelled as errors.
    let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    let server = try http1Server(
        address: .unixDomainSocket(path: socket), idleTimeout: .seconds(10), responder: router.buildResponder(),
        logger: quiet, onRunning: {})
    return try await withThrowingTaskGroup { group in
        group.addTask { try await server.run() }
        defer { group.cancelAll() }
        while !FileManager.default.fileExists(atPath: socket) { try await Task.sleep(for: .milliseconds(5)) }
        let base = "http+unix://" + socket.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        var answers: [(Int, HTTPFields, [UInt8])] = []
        for (method, uri, headers) in requests {
            var request = HTTPClientRequest(url: base + uri)
            request.method = .init(rawValue: method.rawValue)
            for field in headers { request.headers.add(name: field.name.rawName, value: field.value) }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            var fields = HTTPFields()
            for (name, value) in response.headers { fields.append(HTTPField(name: .init(name)!, value: value)) }
            let body = try await response.body.collect(upTo: 16 << 20)
            answers.append((Int(response.status.code), fields, Array(body.readableBytesView)))
        }
        return answers
    }
}
