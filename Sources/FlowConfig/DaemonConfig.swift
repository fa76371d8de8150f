public import FlowCore
public import Foundation

/// A user entry of config.toml: the domain user plus how to recognise them on the socket.
public struct UserEntry: Sendable, Equatable {
    public var user: User
    public var uid: UInt32?
    public var email: String?
    public var slackID: String?
}

/// One sender of inbound webhooks.
public struct WebhookSource: Sendable, Equatable {
    public var name: String
    public var scheme: SignatureScheme
    public var secrets: [WebhookSecret]
    /// The flowd user a request acts as when it names no actor.
    public var actor: String?
    /// The sender's own user ids mapped to flowd users.
    public var actors: [String: String]
    public var actions: Set<Action>
    /// Slack sources: the prefix a `response_url` must have for flowd to answer there.
    public var responseURLPrefix = "https://hooks.slack.com/"

    /// The outbox sink that carries this Slack source's replies (message updates and ephemeral answers).
    public var replySink: SinkConfig? {
        guard scheme == .slack else { return nil }
        return SinkConfig(
            route: SinkRoute(name: "slack-replies:" + name, format: .slack, types: []),
            target: .url(responseURLPrefix), secret: nil, timeout: 10, policy: DeliveryPolicy())
    }
}

/// The inbound webhook listener; nil `listen` means off.
public struct WebhookConfig: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var maxBodyBytes: Int
    public var requestTimeout: TimeSpan
    /// Open connections the public listener keeps at most; more wait in the kernel's backlog.
    public var maxConnections = 256
    public var sources: [String: WebhookSource]
    /// The address people reach this listener at (behind a TLS proxy): review links are built from it.
    public var publicURL: String?
    /// The longest a review link lives.
    public var linkMaxAge = TimeSpan(seconds: 7 * 86_400)
    /// Reverse proxies whose `X-Forwarded-For` names the client; every other peer is counted as itself.
    public var trustedProxies = TrustedProxies.none
}

/// Where one `[[notify]]` sink sends, how, and how persistently.
public struct SinkConfig: Sendable, Equatable {
    /// An HTTP POST to a URL, or a program that reads the payload on standard input (argv, no shell unless the
    /// config gave a single string).
    public enum Target: Sendable, Equatable {
        case url(String)
        case command([String])
    }

    public var route: SinkRoute
    public var target: Target
    /// Signs with Standard Webhooks headers; required for `json` URL sinks.
    public var secret: WebhookSecret?
    public var timeout: TimeInterval
    public var policy: DeliveryPolicy

    public var name: String { route.name }
}

/// A TCP address to listen on.
public struct ListenAddress: Sendable, Equatable {
    public var host: String
    public var port: Int
}

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
    public var webhooks: WebhookConfig?
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
