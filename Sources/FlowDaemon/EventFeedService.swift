import FlowAPI
import FlowCore
import FlowStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The tailer of the event feed, as a service: it must end before the control server, which waits for open
/// streams to finish.
struct EventFeedService: Service {
    let feed: EventFeed
    let logger: Logger

    func run() async throws {
        try await feed.start()
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !feed.isClosed {
                // A bounded sleep as well as the nudge: a commit whose nudge was missed is still picked up.
                await feed.committed.wait(atMost: 5)
                do {
                    try await feed.catchUp()
                } catch {
                    logger.error("the event feed could not read new events", metadata: ["error": "\(error)"])
                }
            }
        } onGracefulShutdown: {
            feed.close()
            feed.committed.signal()
        }
    }
}
