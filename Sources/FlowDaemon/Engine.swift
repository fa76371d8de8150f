public import FlowAPI
public import FlowCore
public import FlowStore
public import Foundation
public import Logging
import Synchronization

/// Source of the current time; tests inject a fixed or stepping one.
public protocol TimeSource: Sendable {
    func now() -> Date
}

/// The wall clock.
public struct SystemTime: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}

/// An API failure: a stable code and a message meant for the person at the other end.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// The application layer: identifies callers, asks the domain, has the store commit. Shared by every front end.
public final class Engine: Sendable {
    public let store: Store
    public let time: any TimeSource
    public let startedAt: Date
    public static let version = "0.1.0"
    private let configBox: Mutex<DaemonConfig>
    private let logger: Logger

    public init(config: DaemonConfig, store: Store, time: any TimeSource = SystemTime(), logger: Logger) {
        self.configBox = Mutex(config)
        self.store = store
        self.time = time
        self.startedAt = time.now()
        self.logger = logger
    }

    public var config: DaemonConfig { configBox.withLock { $0 } }

    /// Maps a socket peer to the acting user, honouring `--as` for admins.
    public func identify(uid: UInt32, actAs: String?) throws(APIError) -> Actor {
        let config = config
        guard let caller = config.user(uid: uid) else {
            throw APIError(.unknownUser, "uid \(uid) is not a flowd user: add it to [[users]] in \(config.path)")
        }
        guard let actAs, actAs != caller.name else { return Actor(user: caller) }
        guard caller.has(.admin) else {
            throw APIError(.notAdmin, "\(caller.name) may not act as another user: --as needs role admin")
        }
        guard let target = config.user(named: actAs) else {
            throw APIError(.unknownUser, "--as names unknown user \(quoted(actAs))")
        }
        return Actor(user: target, via: caller.name)
    }

    public func view(_ draft: Draft) -> DraftView {
        DraftView(draft, requiredApprovals: config.rules.policy(for: draft.lane).requiredApprovals)
    }

    public func create(_ body: CreateRequest, by actor: Actor) async throws -> DraftView {
        let content = Content(
            title: body.title, body: body.body ?? "", channels: body.channels ?? [], publishAt: body.publishAt)
        let command = Command.create(
            client: body.client, lane: body.lane ?? .normal, content: content, labels: body.labels ?? [])
        return try await run(Request(command, message: body.message), on: nil, by: actor)
    }

    public func act(_ actionName: String, on id: Int64, _ body: ActionRequest, by actor: Actor) async throws
        -> DraftView
    {
        guard let action = Action(rawValue: actionName), action != .create else {
            let names = Action.allCases.filter { $0 != .create }.map(\.rawValue).joined(separator: ", ")
            throw APIError(.unknownAction, "unknown action \(quoted(actionName)); actions are \(names)")
        }
        let command: Command
        switch action {
        case .create: throw APIError(.unknownAction, "create is POST /v1/drafts")
        case .edit:
            command = .edit(
                ContentPatch(
                    title: body.title, body: body.body, channels: body.channels, publishAt: body.publishAt,
                    clearPublishAt: body.clearPublishAt ?? false))
        case .submit: command = .submit
        case .approve: command = .approve
        case .requestChanges: command = .requestChanges
        case .publish: command = .publish(url: body.url, externalID: body.externalId, contentHash: body.contentHash)
        case .withdraw: command = .withdraw
        case .comment: command = .comment
        }
        return try await run(
            Request(command, expectedRevision: body.revision, message: body.message), on: id, by: actor)
    }

    private func run(_ request: Request, on id: Int64?, by actor: Actor) async throws -> DraftView {
        let rules = config.rules
        let now = time.now()
        let decision: Decision
        do {
            decision = try await store.apply(draftID: id) { draft, newID in
                try Workflow.decide(request, on: draft, by: actor, rules: rules, now: now, newID: newID)
            }
        } catch let refusal as Refusal {
            logger.error(
                "refused \(request.command.action.rawValue)",
                metadata: [
                    "draft": "\(id.map(String.init) ?? "new")", "actor": "\(actor.user.name)",
                    "code": "\(refusal.code.rawValue)",
                ])
            throw APIError(ErrorCode(refusal.code), refusal.message)
        }
        for event in decision.events {
            var metadata: Logger.Metadata = [
                "draft": "\(event.draftID)", "state": "\(event.to.rawValue)", "actor": "\(event.actor)",
                "action": "\(event.action)", "revision": "\(event.revision)",
            ]
            if let via = event.via { metadata["via"] = "\(via)" }
            logger.notice("\(event.action)", metadata: metadata)
        }
        return view(decision.draft)
    }

    public func draft(_ id: Int64) async throws -> DraftView {
        guard let draft = try await store.draft(id) else { throw APIError(.notFound, "no draft \(id)") }
        return view(draft)
    }

    public func list(state: DraftState?, client: String?, limit: Int, before: Int64?) async throws -> DraftList {
        let drafts = try await store.drafts(state: state, client: client, limit: limit + 1, before: before)
        let page = drafts.prefix(limit)
        return DraftList(drafts: page.map(view), nextBefore: drafts.count > limit ? page.last?.id : nil)
    }

    public func events(_ id: Int64) async throws -> EventList {
        guard try await store.draft(id) != nil else { throw APIError(.notFound, "no draft \(id)") }
        return EventList(events: try await store.events(draftID: id).map(EventView.init))
    }

    public func status(for actor: Actor) async throws -> StatusView {
        let counts = try await store.countsByState()
        var drafts: [String: Int] = [:]
        for state in DraftState.allCases { drafts[state.rawValue] = counts[state] ?? 0 }
        let now = time.now()
        let config = config
        return StatusView(
            version: Self.version, pid: getpid(), startedAt: startedAt,
            uptimeSeconds: now.timeIntervalSince(startedAt), database: config.database, socket: config.socket,
            schemaVersion: Store.schemaVersion, drafts: drafts, you: actor.user.name)
    }
}
