import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import FlowDaemon

/// `DirectRouteHandler` on an embedded channel, with a route that answers at once or when the test says, and the event loop's
/// clock moved by hand: the order of answers, which request may commit on the loop, stepping aside, graceful
/// shutdown and the idle timer.
@Suite struct DirectRouteHandlerTests {
    /// What the route saw, and the answers it holds back.
    final class Route: DirectRoute {
        struct Taken: Equatable {
            var name: String
            var body: String
            var commitHere: Bool
        }
        let holdAnswers: Bool
        private let state = Mutex<(taken: [Taken], held: [@Sendable () -> Void])>(([], []))

        init(holdAnswers: Bool) { self.holdAnswers = holdAnswers }

        var taken: [Taken] { state.withLock { $0.taken } }

        /// Gives the oldest held answer.
        func release() {
            let next = state.withLock { $0.held.isEmpty ? nil : $0.held.removeFirst() }
            next?()
        }

        func match(_ head: DirectRequestHead) -> String? {
            head.path.hasPrefix("/fast/") ? String(head.path.dropFirst("/fast/".count)) : nil
        }

        func bodyLimit() -> Int { 16 }

        func respond(
            _ request: DirectRequest, matched: String, channel: any Channel, answer: @escaping DirectRouteHandler.Answer
        ) {
            let body = request.overLimit ? "over" : String(buffer: request.body)
            let give: @Sendable () -> Void = {
                answer { DirectResponse(status: 200, body: ByteBuffer(string: "[\(matched):\(body)]")) }
            }
            state.withLock { $0.taken.append(Taken(name: matched, body: body, commitHere: request.commitHere)) }
            if holdAnswers {
                state.withLock { $0.held.append(give) }
            } else {
                give()
            }
        }
    }

    /// The bytes the direct route hands on after stepping aside, and the reads it ends.
    final class Next: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        var bytes = ""
        var readsEnded = 0
        var events: [String] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            bytes += String(buffer: unwrapInboundIn(data))
        }

        func channelReadComplete(context: ChannelHandlerContext) { readsEnded += 1 }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            events.append("\(event)")
        }
    }

    final class TestConnection {
        let channel: EmbeddedChannel
        let route: Route
        let next = Next()
        var stepsAside = 0

        init(holdAnswers: Bool = false) throws {
            route = Route(holdAnswers: holdAnswers)
            channel = EmbeddedChannel()
            let connection = DirectRouteHandler(route: route, idleTimeout: .seconds(30)) { [unowned self] _ in
                self.stepsAside += 1
            }
            try channel.pipeline.syncOperations.addHandlers([connection, next])
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        }

        func send(_ text: String) throws { try channel.writeInbound(ByteBuffer(string: text)) }

        /// Everything written to the socket since the last call.
        func written() throws -> String {
            var out = ""
            while let data = try channel.readOutbound(as: IOData.self) {
                if case .byteBuffer(let buffer) = data { out += String(buffer: buffer) }
            }
            return out
        }

        /// The bodies of the answers written since the last call, in order.
        func answers() throws -> [String] {
            try written().split(separator: "\r\n\r\n", omittingEmptySubsequences: false).dropFirst().map {
                String($0.prefix { $0 != "H" })
            }
        }

        var open: Bool { channel.isActive }

        func advance(seconds: Int64) { channel.embeddedEventLoop.advanceTime(by: .seconds(seconds)) }
    }

    static func post(_ name: String, _ body: String = "", close: Bool = false) -> String {
        "POST /fast/\(name) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n"
            + (close ? "Connection: close\r\n" : "") + "\r\n" + body
    }

    @Test func requestsSentTogetherAreAnsweredInOrderAndOnlyTheFirstMayCommitOnTheLoop() throws {
        let connection = try TestConnection()
        try connection.send(Self.post("a", "1") + Self.post("b", "22") + Self.post("c"))
        #expect(try connection.answers() == ["[a:1]", "[b:22]", "[c:]"])
        #expect(connection.route.taken.map(\.commitHere) == [true, false, false])
        try connection.send(Self.post("d", "4"))
        #expect(try connection.answers() == ["[d:4]"])
        #expect(connection.route.taken.last?.commitHere == true)
        #expect(connection.stepsAside == 0)
        #expect(connection.next.bytes.isEmpty)
        #expect(connection.next.readsEnded == 0, "the handlers behind the connection were given nothing to end")
    }

    @Test func aRequestInPiecesIsTakenOnceWhole() throws {
        let connection = try TestConnection()
        let text = Self.post("a", "hello")
        var rest = Substring(text)
        // Pieces that split the request line, the blank line and the body; all but the last byte.
        for size in [3, 9, 20, text.count - 32 - 3, 1, 1] {
            try connection.send(String(rest.prefix(size)))
            rest = rest.dropFirst(size)
            #expect(connection.route.taken.isEmpty)
        }
        try connection.send(String(rest))
        #expect(connection.route.taken == [Route.Taken(name: "a", body: "hello", commitHere: true)])
        #expect(try connection.answers() == ["[a:hello]"])
    }

    @Test func aRequestThatComesWhileOneIsAnsweredWaitsForThatAnswer() throws {
        let connection = try TestConnection(holdAnswers: true)
        try connection.send(Self.post("a") + Self.post("b"))
        #expect(connection.route.taken.map(\.name) == ["a"])
        #expect(try connection.written().isEmpty)
        connection.route.release()
        #expect(try connection.answers() == ["[a:]"])
        #expect(connection.route.taken.map(\.name) == ["a", "b"])
        #expect(connection.route.taken.map(\.commitHere) == [true, false])
        connection.route.release()
        #expect(try connection.answers() == ["[b:]"])
    }

    @Test func atAnotherRequestTheDirectRouteStepsAsideForGoodAndHandsOnItsBytes() throws {
        let connection = try TestConnection()
        let get = "GET /fast/x HTTP/1.1\r\nHost: x\r\n\r\n"
        try connection.send(Self.post("a") + get + Self.post("b"))
        #expect(try connection.answers() == ["[a:]"])
        #expect(connection.stepsAside == 1)
        #expect(connection.next.bytes == get + Self.post("b"))
        let readsEnded = connection.next.readsEnded
        try connection.send(Self.post("c"))
        #expect(connection.next.bytes == get + Self.post("b") + Self.post("c"))
        #expect(connection.next.readsEnded == readsEnded + 1, "once aside, each read ends for the router too")
        #expect(connection.route.taken.map(\.name) == ["a"])
        #expect(connection.stepsAside == 1)
    }

    @Test func itStepsAsideOnlyOnceTheAnswerBeforeIsWrittenAndEndsTheReadItHandsOn() throws {
        let connection = try TestConnection(holdAnswers: true)
        let chunked = "POST /fast/b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        try connection.send(Self.post("a") + chunked)
        #expect(connection.stepsAside == 0)
        #expect(connection.next.bytes.isEmpty)
        let readsBefore = connection.next.readsEnded
        // The answer comes from outside any read, as from the store's thread.
        connection.route.release()
        #expect(try connection.answers() == ["[a:]"])
        #expect(connection.stepsAside == 1)
        #expect(connection.next.bytes == chunked)
        #expect(connection.next.readsEnded == readsBefore + 1)
    }

    @Test func aBodyOverTheLimitIsRefusedWithoutItAndTheConnectionGoesOn() throws {
        let connection = try TestConnection()
        let big = Self.post("a", String(repeating: "x", count: 17))
        let cut = big.utf8.count - 10
        try connection.send(String(big.prefix(cut)))
        #expect(try connection.answers() == ["[a:over]"], "refused at its head, before the body comes")
        try connection.send(String(big.dropFirst(cut)) + Self.post("b", "2"))
        #expect(try connection.answers() == ["[b:2]"])
        #expect(connection.stepsAside == 0)
        #expect(connection.next.bytes.isEmpty)
    }

    @Test func connectionCloseClosesAfterTheAnswerAndTakesNothingMore() throws {
        let connection = try TestConnection()
        try connection.send(Self.post("a", close: true) + Self.post("b"))
        let written = try connection.written()
        #expect(written.contains("connection: close\r\n"))
        #expect(written.hasSuffix("[a:]"))
        #expect(connection.route.taken.map(\.name) == ["a"])
        #expect(!connection.open)
    }

    @Test func gracefulShutdownClosesAnIdleConnectionAtOnceAndABusyOneAfterItsAnswer() throws {
        let idle = try TestConnection()
        idle.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(!idle.open)

        let busy = try TestConnection(holdAnswers: true)
        try busy.send(Self.post("a") + Self.post("b"))
        busy.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(busy.open)
        busy.route.release()
        let written = try busy.written()
        #expect(written.contains("connection: close\r\n"))
        #expect(written.hasSuffix("[a:]"))
        #expect(!busy.open)
        #expect(busy.route.taken.map(\.name) == ["a"])
    }

    @Test func theClientsHalfCloseWaitsForTheAnswerBeingMade() throws {
        let connection = try TestConnection(holdAnswers: true)
        try connection.send(Self.post("a"))
        connection.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(connection.next.events.isEmpty)
        connection.route.release()
        #expect(try connection.answers() == ["[a:]"])
        #expect(connection.next.events == ["\(ChannelEvent.inputClosed)"])
    }

    @Test func aConnectionWithNoRequestForTheIdleTimeoutCloses() throws {
        let connection = try TestConnection()
        connection.advance(seconds: 29)
        #expect(connection.open)
        try connection.send(Self.post("a"))
        #expect(try connection.answers() == ["[a:]"])
        // 30 s from the start, but 1 s from the last answer.
        connection.advance(seconds: 1)
        #expect(connection.open)
        connection.advance(seconds: 28)
        #expect(connection.open)
        connection.advance(seconds: 1)
        #expect(!connection.open)
    }

    @Test func halfARequestDoesNotKeepAConnectionOpen() throws {
        let connection = try TestConnection()
        try connection.send("POST /fast/a HTTP/1.1\r\nContent-Length: 5\r\n\r\nab")
        connection.advance(seconds: 29)
        #expect(connection.open)
        try connection.send("c")
        connection.advance(seconds: 1)
        #expect(!connection.open)
        #expect(connection.route.taken.isEmpty)
    }

    @Test func anAnswerBeingMadeIsNotCutOffByTheIdleTimer() throws {
        let connection = try TestConnection(holdAnswers: true)
        try connection.send(Self.post("a"))
        connection.advance(seconds: 45)
        #expect(connection.open)
        connection.route.release()
        #expect(try connection.answers() == ["[a:]"])
        connection.advance(seconds: 29)
        #expect(connection.open)
        connection.advance(seconds: 31)
        #expect(!connection.open)
    }
}
