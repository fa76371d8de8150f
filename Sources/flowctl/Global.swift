import ArgumentParser
import FlowAPI
import FlowCore
import FlowRender
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Options every verb takes.
struct Global: ParsableArguments {
    @Option(
        help: ArgumentHelp("Control socket (default: $FLOWD_SOCKET, then /run/flowd/flowd.sock).", valueName: "path"))
    var socket: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this user (needs role admin).", valueName: "user"))
    var actAs: String?

    @Flag(help: "Print JSON instead of a human-readable view.")
    var json = false

    /// Options given after the verb win over those given before it.
    func merged(_ outer: Global) -> Global {
        var out = self
        out.socket = socket ?? outer.socket
        out.actAs = actAs ?? outer.actAs
        out.json = json || outer.json
        return out
    }

    var client: ControlClient {
        ControlClient(socketPath: socket ?? ControlClient.defaultSocket, actAs: actAs)
    }

    /// Runs a request, prints its answer, and turns failures into the documented exit codes.
    func perform<T: Encodable>(_ call: (ControlClient) throws -> T, human: (T) -> String) throws {
        try perform(
            call, json: { String(decoding: try WireJSON.encoder(pretty: true).encode($0), as: UTF8.self) }, human: human
        )
    }

    /// The same for an answer read and written by its hand codec.
    func perform<T: WireEncodable>(_ call: (ControlClient) throws -> T, human: (T) -> String) throws {
        try perform(call, json: { PrettyJSON.text($0.jsonBytes) }, human: human)
    }

    private func perform<T>(
        _ call: (ControlClient) throws -> T, json jsonText: (T) throws -> String, human: (T) -> String
    ) throws {
        let value = try fetch(call)
        if json {
            print(try jsonText(value))
        } else {
            let text = TextEscaping.terminal(human(value))
            if !text.isEmpty { print(text) }
        }
    }

    /// The answer of a request, or the end of flowctl for a failed one, with the documented exit code and, with
    /// --json, the error envelope: a verb's own request (`perform`) and what it must know before it (a draft's
    /// zone) alike.
    func fetch<T>(_ call: (ControlClient) throws -> T) rethrows -> T {
        do {
            return try call(client)
        } catch let error as ClientError {
            fail(error)
        }
    }

    /// A failed request, with the documented exit code: 69 unreachable, the error code's for refusals.
    func fail(_ error: ClientError) -> Never {
        let (code, message, exit) = error.answer
        fail(message, code: code, exit: exit)
    }

    func fail(_ message: String, code: ErrorCode, exit: Int32) -> Never {
        if json, let data = try? WireJSON.encoder(pretty: true).encode(ErrorEnvelope(code: code, message: message)) {
            print(String(decoding: data, as: UTF8.self))
        }
        FileHandle.standardError.write(Data("flowctl: \(TextEscaping.terminal(message))\n".utf8))
        Foundation.exit(exit)
    }
}

extension ClientError {
    /// The error code, message and documented exit code of a failed request: 69 unreachable, the error code's for
    /// refusals.
    var answer: (code: ErrorCode, message: String, exit: Int32) {
        switch self {
        case .unreachable: (.internalError, description, 69)
        case .api(_, let code, let message): (code, message, code.exitCode)
        case .protocolError: (.internalError, description, 1)
        case .local(let message): (.invalidRequest, message, ErrorCode.invalidRequest.exitCode)
        }
    }
}
