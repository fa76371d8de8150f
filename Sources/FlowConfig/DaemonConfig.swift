public import FlowCore

/// The whole validated configuration.
public struct DaemonConfig: Sendable, Equatable {
    public var path: String
    public var socket: String
    /// The group the control socket is given (its members may use flowctl); nil keeps flowd's own group.
    public var socketGroup: UInt32? = nil
    public var database: String
    public var maxBodyBytes: Int
    public var logLevel: String
    public var users: [UserEntry]
    public var directory: Directory
    public var webhooks: PublicServerConfig?
    public var sinks: [SinkConfig] = []
    /// The local time (in each client's time zone) the daily digest goes out on working days; nil: no digest.
    public var digestAt: TimeOfDay? = nil
    /// Where Prometheus may scrape `GET /metrics` over TCP (`[metrics] listen`); nil: the control socket only.
    public var metricsListen: ListenAddress? = nil
    /// What a scrape on TCP must present as `Authorization: Bearer` (`token_file` or `token_credential`). A config
    /// with `listen` and no token is refused, so the listener never serves without one.
    public var metricsToken: BearerToken? = nil
    /// How long delivered notifications and inbound delivery ids are kept before they are purged.
    public var retention = DaemonConfig.defaultRetention
    /// Where the review links' key is (`[daemon] link_key_file` or `link_key_credential`).
    public var linkKey = LinkKeySource.file("/var/lib/flowd/link.key")
    /// Problems that do not stop flowd (check-config prints them; the daemon logs them at start and reload).
    public var warnings: [ConfigIssue] = []

    public static let defaultRetention = TimeSpan(seconds: 30 * 86_400)
    /// Senders retry for days (Standard Webhooks senders about 28 hours; GitHub redelivers up to 3 days back);
    /// a delivery id purged before the sender gives up would let a retry act a second time.
    public static let minimumRetention = TimeSpan(seconds: 7 * 86_400)

    /// What the store needs to write a transition's notifications into the outbox; `rendering` writes their text
    /// (the daemon gives FlowRender's, which this module does not import).
    public func outboxPlanner(rendering: any NoticeRendering) -> OutboxPlanner {
        var contacts: [String: Contact] = [:]
        for entry in users {
            contacts[entry.user.name] = Contact(side: entry.user.side, email: entry.email, slackID: entry.slackID)
        }
        return OutboxPlanner(
            routes: sinks.map(\.route), contacts: contacts, directory: directory, publicURL: webhooks?.publicURL,
            rendering: rendering)
    }

    public func user(slackID: String) -> User? { users.first { $0.slackID == slackID }?.user }

    /// The sinks the notifier serves: the configured ones and each Slack source's reply sink.
    public var deliverySinks: [SinkConfig] {
        sinks + (webhooks?.sources.values.sorted { $0.name < $1.name }.compactMap(\.replySink) ?? [])
    }

    public func user(named name: String) -> User? { users.first { $0.user.name == name }?.user }
    public func user(uid: UInt32) -> User? { users.first { $0.uid == uid }?.user }
}
