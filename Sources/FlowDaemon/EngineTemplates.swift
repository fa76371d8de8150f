import FlowConfig
public import FlowCore
import FlowStore
public import Foundation
import Logging

/// Templates: defined as drafts of kind template (reviewed like any draft), used by `flowctl new --template`,
/// listed with what each use needs, and revoked by withdrawing them. Every rule is FlowCore's.
extension Engine {
    public func defineTemplate(
        client: String, lane: Lane, content: Content, labels: [String], rules: TemplateRules, message: String?,
        by actor: Actor
    ) async throws -> DraftReading {
        let command = Command.defineTemplate(client: client, lane: lane, content: content, labels: labels, rules: rules)
        let name = rules.name
        return try await run(Request(command, message: message), on: nil, by: actor) { _ in
            ContextLookup(template: (client, name))
        }
    }

    /// A new draft from the template named `client/name`, its placeholders filled with `values`.
    public func useTemplate(
        _ template: String, values: [String: String], lane asked: Lane?, publishAt: Date?, labels: [String],
        message: String?, by actor: Actor
    ) async throws -> DraftReading {
        let (client, name) = try Self.templateName(template)
        let zone = config.directory.clients[client]?.timeZone ?? TimeZone(identifier: "UTC")!
        let use = TemplateUse(
            template: template, values: values, lane: try await lane(for: client, asked: asked),
            publishAt: publishAt, labels: labels)
        return try await run(Request(.useTemplate(use), message: message), on: nil, by: actor) { now in
            ContextLookup(template: (client, name), usesSince: TemplateGrant.startOfDay(now, in: zone))
        }
    }

    /// Withdraws the template: the history keeps it, no draft can be made from it again.
    public func revokeTemplate(_ template: String, message: String?, by actor: Actor) async throws -> DraftReading {
        let (client, name) = try Self.templateName(template)
        guard scope(actor).contains(client), let stored = try await store.template(client: client, name: name)
        else {
            throw Refusal(.notFound, "no template \(quoted(template))")
        }
        guard stored.state != .withdrawn else {
            let zone = configured { $0.directory.clients[client]?.timeZone }
            let at = SpokenTime.format(stored.updatedAt, in: zone, language: .en, now: time.now())
            throw Refusal(.invalidTransition, "template \(template) was revoked already, \(at)")
        }
        return try await act(Request(.withdraw, message: message ?? "template revoked"), on: stored.id, by: actor)
    }

    /// The templates in the caller's scope (of one client, when asked), with what each use needs.
    public func templates(client: String?, all: Bool, for actor: Actor) async throws -> [TemplateStanding] {
        let directory = config.directory
        var clients = scope(actor).only
        if let client {
            guard scope(actor).contains(client) else { return [] }
            clients = [client]
        }
        let now = time.now()
        let rows = try await store.templates(clients: clients, includeWithdrawn: all) { client in
            TemplateGrant.startOfDay(now, in: directory.clients[client]?.timeZone ?? TimeZone(identifier: "UTC")!)
        }
        let inCrisis = Set(try await store.runningCrises(clients: clients).map(\.client))
        let standings = rows.map {
            TemplateStanding(
                $0.template, usesToday: $0.usesToday, now: now, zone: directory.clients[$0.template.client]?.timeZone)
        }
        // While a client's crisis runs, its crisis templates come first: they are what the moment needs.
        return standings.enumerated().sorted { a, b in
            let first = a.element.rules.crisis && inCrisis.contains(a.element.template.client)
            let second = b.element.rules.crisis && inCrisis.contains(b.element.template.client)
            return first != second ? first : a.offset < b.offset
        }.map(\.element)
    }

    static func templateName(_ text: String) throws -> (client: String, name: String) {
        guard let parsed = TemplateRules.parse(text) else {
            throw Refusal(
                .invalidRequest, "a template is named client/name, like acme/outage, not \(quoted(text))")
        }
        return parsed
    }
}
