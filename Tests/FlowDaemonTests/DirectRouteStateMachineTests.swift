import NIOCore
import Testing

@testable import FlowDaemon

/// `DirectRouteStateMachine` with plain values: bytes in, actions out, the clock a number. No channel, no event loop.
@Suite struct DirectRouteStateMachineTests {
    typealias Machine = DirectRouteStateMachine<String>

    static func post(_ name: String, _ body: String = "", close: Bool = false) -> ByteBuffer {
        ByteBuffer(
            string: "POST /fast/\(name) HTTP/1.1\r\nContent-Length: \(body.utf8.count)\r\n"
                + (close ? "Connection: close\r\n" : "") + "\r\n" + body)
    }

    static func at(_ seconds: Int64) -> NIODeadline { .uptimeNanoseconds(UInt64(seconds) * 1_000_000_000) }

    static func match(_ head: DirectRequestHead) -> String? {
        head.path.hasPrefix("/fast/") ? String(head.path.dropFirst("/fast/".count)) : nil
    }

    /// The machine behind a reference, so that `#expect` can take its events; `next` gives the action as a word a
    /// test can compare: `answer NAME:BODY commit`, `aside BYTES read`, or `none`.
    final class TestConnection {
        var machine = Machine(idleTimeout: .seconds(30), now: DirectRouteStateMachineTests.at(0))

        func read(_ bytes: ByteBuffer) -> Machine.OnRead { machine.bytesRead(bytes) }
        func startTaking() -> Bool { machine.startTaking() }
        func stopTaking() -> Machine.Held { machine.stopTaking() }
        func answerReady(_ now: NIODeadline = DirectRouteStateMachineTests.at(0)) -> Machine.OnAnswer {
            machine.answerReady(now: now)
        }
        func inputClosed() -> Bool { machine.inputClosed() }
        func readRequested() -> Bool { machine.readRequested() }
        func quiesce() -> Machine.OnQuiesce { machine.quiesce() }
        func idleCheckDue(_ now: NIODeadline) -> Machine.OnIdleCheck { machine.idleCheckDue(now: now) }
        func started(_ now: NIODeadline) -> NIODeadline { machine.started(now: now) }
        var phase: Machine.Phase { machine.phase }

        func next(commitHere: Bool = false, now: NIODeadline = DirectRouteStateMachineTests.at(0)) -> String {
            switch machine.next(
                commitHere: commitHere, now: now, bodyLimit: 16, match: DirectRouteStateMachineTests.match)
            {
            case .none: return "none"
            case .answer(let request, let name):
                let body = request.overLimit ? "over" : String(buffer: request.body)
                return "answer \(name):\(body)\(request.commitHere ? " commit" : "")"
            case .stepAside(let bytes, let read):
                return "aside \(bytes.map { String(buffer: $0) } ?? "")\(read ? " read" : "")"
            }
        }
    }

    @Test func pipelinedRequestsAreTakenOneAnswerAtATimeInOrder() {
        let machine = TestConnection()
        var bytes = Self.post("a", "1")
        bytes.writeImmutableBuffer(Self.post("b", "22"))
        #expect(machine.read(bytes) == .take)
        #expect(machine.startTaking())
        #expect(machine.next(commitHere: true) == "answer a:1 commit")
        #expect(machine.next() == "none", "nothing is taken while an answer is being made")
        #expect(machine.read(Self.post("c")) == .none)
        #expect(machine.stopTaking() == .init())
        #expect(machine.answerReady(Self.at(1)) == .write)
        #expect(machine.startTaking())
        #expect(machine.next() == "answer b:22")
        #expect(machine.answerReady(Self.at(1)) == .write)
        #expect(!machine.startTaking(), "an answer given at once returns to the run already going")
        #expect(machine.next() == "answer c:")
        #expect(machine.answerReady(Self.at(1)) == .write)
        #expect(machine.next() == "none")
        #expect(machine.stopTaking() == .init())
    }

    @Test func aRequestInPiecesIsTakenOnceWhole() {
        let machine = TestConnection()
        // A byte at a time: the search for the head's end goes on where it stopped.
        var whole = Self.post("a", "hello")
        while whole.readableBytes > 1 {
            #expect(machine.read(whole.readSlice(length: 1)!) == .take)
            #expect(machine.next() == "none")
        }
        #expect(machine.read(whole) == .take)
        #expect(machine.next() == "answer a:hello")
    }

    @Test func connectionCloseClosesAfterItsAnswerAndTakesNothingMore() {
        let machine = TestConnection()
        var bytes = Self.post("a", close: true)
        bytes.writeImmutableBuffer(Self.post("b"))
        _ = machine.read(bytes)
        #expect(machine.next() == "answer a:")
        #expect(machine.answerReady(Self.at(0)) == .writeAndClose)
        #expect(machine.phase == .closed)
        #expect(machine.next() == "none")
        #expect(machine.read(Self.post("c")) == .none)
    }

    @Test func theClientsHalfCloseAndReadsWaitForTheAnswerBeingMade() {
        let machine = TestConnection()
        var bytes = Self.post("a")
        bytes.writeImmutableBuffer(Self.post("b"))
        _ = machine.read(bytes)
        #expect(machine.startTaking())
        #expect(machine.next() == "answer a:")
        #expect(!machine.readRequested(), "a request waits: read nothing more")
        #expect(!machine.inputClosed())
        #expect(machine.stopTaking() == .init(), "held while the answer is being made")
        #expect(machine.answerReady(Self.at(0)) == .write)
        #expect(machine.startTaking())
        #expect(machine.next() == "answer b:")
        #expect(machine.readRequested(), "no request waits any more")
        #expect(machine.stopTaking() == .init(), "still held: b is being answered")
        #expect(machine.answerReady(Self.at(0)) == .write)
        #expect(machine.startTaking())
        #expect(machine.next() == "none")
        #expect(machine.stopTaking() == .init(inputClosed: true, read: true))
        #expect(machine.stopTaking() == .init(), "passed on once")
        #expect(machine.inputClosed(), "with nothing being answered, passed on at once")
    }

    @Test func itStepsAsideOnlyBetweenAnswersAndHandsOnTheBytesNotTaken() {
        let machine = TestConnection()
        let get = "GET /fast/x HTTP/1.1\r\n\r\n"
        var bytes = Self.post("a")
        bytes.writeString(get)
        bytes.writeImmutableBuffer(Self.post("b"))
        _ = machine.read(bytes)
        #expect(machine.next() == "answer a:")
        #expect(!machine.readRequested())
        #expect(machine.next() == "none", "not aside while a is being answered")
        #expect(machine.answerReady(Self.at(0)) == .write)
        #expect(machine.next() == "aside \(get)\(String(buffer: Self.post("b"))) read")
        #expect(machine.machine.isAside)
        #expect(machine.read(Self.post("c")) == .forward)
        #expect(machine.readRequested())
        #expect(machine.inputClosed())
        #expect(machine.quiesce() == .forward)
        #expect(machine.idleCheckDue(Self.at(100)) == .none)
    }

    @Test func aBodyOverTheLimitIsTakenWithoutItAndDroppedAsItComes() {
        let machine = TestConnection()
        var big = Self.post("a", String(repeating: "x", count: 20))
        let head = big.readSlice(length: big.readableBytes - 12)!
        #expect(machine.read(head) == .take)
        #expect(machine.next() == "answer a:over", "refused at its head, before the body comes")
        #expect(machine.read(big.readSlice(length: 5)!) == .none, "dropped while the answer is made")
        #expect(machine.answerReady() == .write)
        #expect(machine.next() == "none")
        big.writeImmutableBuffer(Self.post("b", "2"))
        #expect(machine.read(big) == .take)
        #expect(machine.next() == "answer b:2", "the rest of the body is dropped, the next request taken")
    }

    @Test func anotherRouteStepsAside() {
        let other = TestConnection()
        _ = other.read(ByteBuffer(string: "POST /slow/a HTTP/1.1\r\n\r\n"))
        #expect(other.next() == "aside POST /slow/a HTTP/1.1\r\n\r\n")
    }

    @Test func gracefulShutdownClosesAnIdleConnectionAtOnceAndABusyOneAfterItsAnswer() {
        let idle = TestConnection()
        #expect(idle.quiesce() == .close)
        #expect(idle.phase == .closed)

        let busy = TestConnection()
        _ = busy.read(Self.post("a"))
        #expect(busy.next() == "answer a:")
        #expect(busy.quiesce() == .none)
        #expect(busy.answerReady(Self.at(0)) == .writeAndClose)
        #expect(busy.phase == .closed)
    }

    @Test func theIdleTimerClosesAConnectionWithNoRequestAnsweredWithinTheTimeout() {
        let machine = TestConnection()
        #expect(machine.started(Self.at(0)) == Self.at(30))
        _ = machine.read(Self.post("a"))
        #expect(machine.next(now: Self.at(29)) == "answer a:")
        #expect(machine.idleCheckDue(Self.at(45)) == .checkAgain(at: Self.at(75)), "an answer is never cut off")
        #expect(machine.answerReady(Self.at(50)) == .write)
        #expect(machine.idleCheckDue(Self.at(75)) == .checkAgain(at: Self.at(80)))
        // Half a request does not count as activity.
        _ = machine.read(ByteBuffer(string: "POST /fast/b HTTP/1.1\r\nContent-Length: 5\r\n\r\nab"))
        #expect(machine.next(now: Self.at(79)) == "none")
        #expect(machine.idleCheckDue(Self.at(80)) == .close)
        #expect(machine.phase == .closed)
    }
}
