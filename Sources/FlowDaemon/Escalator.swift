import FlowStore
import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

/// Wakes a sleeping escalator early: one waiter, signals that arrive while nobody waits are kept.
public final class Nudge: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
        var cancelled = false
    }

    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns on a signal, after `seconds` (nil: no time limit), or on cancellation.
    public func wait(atMost seconds: Double?) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal() }
            if let seconds {
                group.addTask { try? await Task.sleep(for: .milliseconds(Int64(max(0, seconds) * 1000))) }
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForSignal() async {
        state.withLock { $0.cancelled = false }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || state.cancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.cancelled = true
                let waiter = state.waiter
                state.waiter = nil
                return waiter
            }
            waiter?.resume()
        }
    }
}

/// Fires due timers: sleeps until the earliest one (or a nudge), never polls; stops on graceful shutdown.
public struct Escalator: Service {
    let engine: Engine
    let logger: Logger
    /// Upper bound on one sleep, so a wall-clock jump cannot hold a deadline for long.
    let longestSleep: Double

    /// Called on every turn of the loop, at least every `heartbeatEvery` seconds: systemd's watchdog ping comes
    /// from here, so a wedged escalator stops the pings.
    let heartbeat: @Sendable () -> Void
    let heartbeatEvery: Double?

    public init(
        engine: Engine, logger: Logger, longestSleep: Double = 300, heartbeatEvery: Double? = nil,
        heartbeat: @escaping @Sendable () -> Void = {}
    ) {
        self.engine = engine
        self.logger = logger
        self.longestSleep = longestSleep
        self.heartbeatEvery = heartbeatEvery
        self.heartbeat = heartbeat
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            // The config may have changed while flowd was down: pending steps follow the policies in force.
            do {
                try await engine.replanReviews()
            } catch {
                logger.critical("re-planning at start failed", metadata: ["error": "\(error)"])
            }
            while !Task.isCancelled {
                heartbeat()
                var delay = heartbeatEvery
                do {
                    try await engine.fireDueTimers()
                    if let next = try await engine.nextTimerDue() {
                        delay = min(
                            delay ?? longestSleep, longestSleep, max(0, next.timeIntervalSince(engine.time.now())))
                    }
                } catch {
                    logger.critical("escalator failed; retrying in 1s", metadata: ["error": "\(error)"])
                    delay = 1
                }
                await engine.nudge.wait(atMost: delay)
            }
        }
    }
}
