import NIOCore

/// What `DirectRouteHandler` decides, apart from what it does: which request to take next, when to step aside, when to close,
/// which of the channel's events to hold back while an answer is made. Each event returns the action the handler
/// performs on the channel, as `WriteQueue` decides for `Batching` in FlowStore; nothing here touches a channel, and
/// the clock is a parameter, so the rules are tested with plain values (DirectRouteStateMachineTests).
///
/// `Route` is what a route's `match` found in a head, with which the handler answers the request.
struct DirectRouteStateMachine<Route> {
    /// Where the connection is.
    enum Phase: Equatable {
        /// Taking requests; none is being answered.
        case reading
        /// A request is being answered; nothing else is taken until its answer is written, after which the connection
        /// closes if `closeAfterAnswer` (the client asked, or the server is shutting down).
        case answering(closeAfterAnswer: Bool)
        /// The requests go to the router from now on.
        case aside
        /// The direct route closed the connection; nothing more is taken.
        case closed
    }

    /// The channel's events held back while answers are made, passed on once nothing is being answered.
    struct Held: Equatable {
        /// The client closed its side.
        var inputClosed = false
        /// The channel asked for a read.
        var read = false
    }

    /// What the handler does with bytes read from the socket.
    enum OnRead: Equatable {
        /// Hand them on to the router's handlers.
        case forward
        /// Nothing: the connection is closed, or the bytes wait for the answer being made.
        case none
        /// Take the requests now complete.
        case take
    }

    /// The next thing to do with the pending bytes.
    enum Next {
        /// Nothing until more bytes come or the answer being made is written.
        case none
        /// Answer this request; the machine is answering it.
        case answer(DirectRequest, Route)
        /// Put the router's handlers in place and hand them `bytes`, then pass on a held read.
        case stepAside(bytes: ByteBuffer?, read: Bool)
    }

    /// What the handler does with an answer.
    enum OnAnswer: Equatable {
        /// Write it, then take what came meanwhile.
        case write
        /// Write it, saying the connection closes, and close it.
        case writeAndClose
    }

    /// What the handler does at an idle check.
    enum OnIdleCheck: Equatable {
        case none
        case close
        case checkAgain(at: NIODeadline)
    }

    /// What the handler does at graceful shutdown.
    enum OnQuiesce: Equatable {
        /// Pass the event on to the router's handlers.
        case forward
        case close
        /// Nothing now: the connection is closed, or closes once the answer being made is written.
        case none
    }

    private(set) var phase = Phase.reading
    private var held = Held()
    /// A run of `next` is going on in the handler: an answer given at once returns to it instead of starting another.
    private var taking = false
    /// Bytes read and not yet taken.
    private var pending: ByteBuffer?
    /// Where the search for the end of the pending head goes on.
    private var searchFrom = 0
    /// A head read whole whose body is still coming.
    private var waiting: (head: DirectRequestHead, length: Int, route: Route)?
    /// Bytes of a refused body still to come, dropped as they arrive.
    private var discard = 0
    /// When the last request was taken or answered.
    private var lastActivity: NIODeadline
    let idleTimeout: TimeAmount

    init(idleTimeout: TimeAmount, now: NIODeadline) {
        self.idleTimeout = idleTimeout
        lastActivity = now
    }

    var isAside: Bool {
        if case .aside = phase { return true }
        return false
    }

    /// The connection became active: the first idle check is due one timeout from now.
    mutating func started(now: NIODeadline) -> NIODeadline {
        lastActivity = now
        return now + idleTimeout
    }

    mutating func bytesRead(_ bytes: ByteBuffer) -> OnRead {
        switch phase {
        case .aside: return .forward
        case .closed: return .none
        case .reading, .answering: break
        }
        var bytes = bytes
        if discard > 0 {
            drop(from: &bytes)
            if bytes.readableBytes == 0 { return .none }
        }
        if pending == nil {
            pending = bytes
        } else {
            pending!.writeBuffer(&bytes)
        }
        if case .answering = phase { return .none }
        return .take
    }

    /// The handler starts taking requests; false while it is already doing so.
    mutating func startTaking() -> Bool {
        if taking { return false }
        taking = true
        return true
    }

    /// The handler stopped taking requests: what it held back while answers were made, to pass on now if nothing is
    /// being answered.
    mutating func stopTaking() -> Held {
        taking = false
        guard case .reading = phase else { return Held() }
        defer { held = Held() }
        return held
    }

    /// The next whole request in the pending bytes, if the route takes it; steps aside at one it does not. `match`
    /// is the route's, `bodyLimit` its limit: a request with a longer body is taken at once without it
    /// (`DirectRequest.overLimit`), for the route to refuse, and its body is dropped as it comes, so the connection
    /// goes on with the request after it.
    mutating func next(
        commitHere: Bool, now: NIODeadline, bodyLimit: Int, match: (DirectRequestHead) -> Route?
    ) -> Next {
        guard case .reading = phase, var buffer = pending else { return .none }
        if waiting == nil {
            switch DirectRequestHead.parse(buffer, searchFrom: searchFrom) {
            case .needMore(let from):
                searchFrom = from
                return .none
            case .notMine:
                return stepAside()
            case .head(let head, let length):
                guard let route = match(head) else { return stepAside() }
                waiting = (head, length, route)
            }
        }
        guard let (head, length, route) = waiting else { return .none }
        let overLimit = head.contentLength > bodyLimit
        guard overLimit || buffer.readableBytes >= length + head.contentLength else { return .none }
        waiting = nil
        searchFrom = 0
        buffer.moveReaderIndex(forwardBy: length)
        let body: ByteBuffer
        if overLimit {
            body = buffer.readSlice(length: 0)!
            discard = head.contentLength
            drop(from: &buffer)
        } else {
            body = buffer.readSlice(length: head.contentLength)!
        }
        pending = buffer.readableBytes == 0 ? nil : buffer
        phase = .answering(closeAfterAnswer: head.close)
        lastActivity = now
        return .answer(DirectRequest(head: head, body: body, commitHere: commitHere, overLimit: overLimit), route)
    }

    /// Drops what is left of a refused body from the start of `bytes`.
    private mutating func drop(from bytes: inout ByteBuffer) {
        let count = min(discard, bytes.readableBytes)
        bytes.moveReaderIndex(forwardBy: count)
        discard -= count
    }

    private mutating func stepAside() -> Next {
        phase = .aside
        waiting = nil
        let bytes = pending
        pending = nil
        defer { held = Held() }
        return .stepAside(bytes: bytes, read: held.read)
    }

    /// The answer being made is ready to be written.
    mutating func answerReady(now: NIODeadline) -> OnAnswer {
        guard case .answering(let close) = phase else { return .writeAndClose }
        lastActivity = now
        if close {
            self.close()
            return .writeAndClose
        }
        phase = .reading
        return .write
    }

    /// The client closed its side of the connection; true to pass that on now, false while an answer is being made.
    mutating func inputClosed() -> Bool {
        guard case .answering = phase else { return true }
        held.inputClosed = true
        return false
    }

    /// The channel asks for a read; false holds it back: while a request is answered and the next one has already
    /// come, a client that sends many requests at once waits in its socket, not in flowd's memory.
    mutating func readRequested() -> Bool {
        guard case .answering = phase, pending != nil else { return true }
        held.read = true
        return false
    }

    /// Graceful shutdown: close now if nothing is being answered, or once the answer being made is written.
    mutating func quiesce() -> OnQuiesce {
        switch phase {
        case .aside: return .forward
        case .closed: return .none
        case .answering:
            phase = .answering(closeAfterAnswer: true)
            return .none
        case .reading:
            close()
            return .close
        }
    }

    /// One timer per connection, not one per request: it looks at the last request's time when it comes due. A
    /// connection with no request answered within the timeout closes, so a client that sends half a request cannot
    /// hold it; an answer being made is never cut off.
    mutating func idleCheckDue(now: NIODeadline) -> OnIdleCheck {
        switch phase {
        case .aside, .closed: return .none
        case .answering: return .checkAgain(at: now + idleTimeout)
        case .reading:
            if now >= lastActivity + idleTimeout {
                close()
                return .close
            }
            return .checkAgain(at: lastActivity + idleTimeout)
        }
    }

    /// The direct route closes the connection (or could not step aside); nothing more is taken.
    mutating func close() {
        phase = .closed
        pending = nil
        waiting = nil
    }
}
