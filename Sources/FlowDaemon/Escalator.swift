import FlowStore
import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

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
                try await engine.loadPresence()
                try await engine.replanReviews()
            } catch {
                logger.critical("re-planning at start failed", metadata: ["error": "\(error)"])
            }
            while !Task.isCancelled {
                heartbeat()
                var delay = heartbeatEvery
                do {
                    try await engine.applyAbsences()
                    try await engine.fireDueTimers()
                    let boundary = engine.nextAbsenceBoundary
                    if let next = [try await engine.nextTimerDue(), boundary].compactMap({ $0 }).min() {
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
