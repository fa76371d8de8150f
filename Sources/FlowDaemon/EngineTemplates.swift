public import FlowAPI
import FlowConfig
public import FlowCore
import FlowStore
import Foundation
import Logging

/// Templates: defined as drafts of kind template (reviewed like any draft), used by `flowctl new --template`,
/// listed with what each use needs, and revoked by withdrawing them. Every rule is FlowCore's.
extension Engine {
    public func defineTemplate(_ body: DefineTemplateRequest, by actor: Actor) async throws -> DraftView {
        let rules = TemplateRules(
            name: body.name, expiresAt: body.expiresAt, maxUsesPerDay: body.maxPerDay, crisis: body.crisis ?? false)
        let content = Content(title: body.title, body: body.body, channels: body.channels ?? [], publishAt: nil)
        let command = Command.defineTemplate(
            client: body.client, lane: body.lane ?? .normal, content: content, labels: body.labels ?? [],
            rules: rules)
        let (client, name) = (body.client, body.name)
        return try await run(Request(command, message: body.message), on: nil, by: actor) { _ in
            ContextLookup(template: (client, name))
        }
    }

    public func useTemplate(_ body: UseTemplateRequest, by actor: Actor) async throws -> DraftView {
        let (client, name) = try Self.templateName(body.template)
        let zone = config.directory.clients[client]?.timeZone ?? TimeZone(identifier: "UTC")!
        let use = TemplateUse(
            template: body.template, values: body.values ?? [:], lane: try await lane(for: client, asked: body.lane),
            publishAt: body.publishAt, labels: body.labels ?? [])
        return try await run(Request(.useTemplate(use), message: body.message), on: nil, by: actor) { now in
            ContextLookup(template: (client, name), usesSince: TemplateGrant.startOfDay(now, in: zone))
        }
    }

    /// Withdraws the template: the history keeps it, no draft can be made from it again.
    public func revokeTemplate(_ body: RevokeTemplateRequest, by actor: Actor) async throws -> DraftView {
        let (client, name) = try Self.templateName(body.template)
        guard scope(actor).contains(client), let template = try await store.template(client: client, name: name)
        else {
            throw Refusal(.notFound, "no template \(quoted(body.template))")
        }
        guard template.state != .withdrawn else {
            throw Refusal(
                .invalidTransition, "template \(body.template) was revoked already, at \(isoUTC(template.updatedAt))")
        }
        return try await act(
            Action.withdraw.rawValue, on: template.id,
            ActionRequest(message: body.message ?? "template revoked"), by: actor)
    }

    public func templates(client: String?, all: Bool, for actor: Actor) async throws -> TemplateList {
        let directory = config.directory
        var clients = scope(actor).only
        if let client {
            guard scope(actor).contains(client) else { return TemplateList(templates: []) }
            clients = [client]
        }
        let now = time.now()
        let rows = try await store.templates(clients: clients, includeWithdrawn: all) { client in
            TemplateGrant.startOfDay(now, in: directory.clients[client]?.timeZone ?? TimeZone(identifier: "UTC")!)
        }
        let inCrisis = Set(try await store.runningCrises(clients: clients).map(\.client))
        let views = rows.map { Self.view($0.template, usesToday: $0.usesToday, now: now) }
        // While a client's crisis runs, its crisis templates come first: they are what the moment needs.
        return TemplateList(
            templates: views.enumerated().sorted { a, b in
                let first = a.element.crisis && inCrisis.contains(a.element.client)
                let second = b.element.crisis && inCrisis.contains(b.element.client)
                return first != second ? first : a.offset < b.offset
            }.map(\.element))
    }

    static func templateName(_ text: String) throws -> (client: String, name: String) {
        guard let parsed = TemplateRules.parse(text) else {
            throw Refusal(
                .invalidRequest, "a template is named client/name, like acme/outage, not \(quoted(text))")
        }
        return parsed
    }

    static func view(_ template: Draft, usesToday: Int, now: Date) -> TemplateView {
        let rules = template.template ?? TemplateRules(name: "")
        let name = TemplateRules.fullName(client: template.client, name: rules.name)
        let grant = template.templateGrant
        var why: String?
        if let grant {
            do { try grant.checkUse(for: template.client, usesToday: usesToday, now: now) } catch {
                why = error.message
            }
        } else {
            why = "in state \(template.state.rawValue): usable once approved"
        }
        let placeholders = ((try? TemplateText(parsing: template.content.body))?.placeholders ?? []).map {
            PlaceholderView(name: $0.name, kind: $0.kind.description)
        }
        return TemplateView(
            draft: template.id, name: name, client: template.client, state: template.state,
            title: template.content.title, body: template.content.body, placeholders: placeholders, usable: why == nil,
            why: why, approvedBy: grant?.approvedBy ?? [], approvedAt: grant?.approvedAt, expiresAt: rules.expiresAt,
            maxPerDay: rules.maxUsesPerDay, usesToday: usesToday, crisis: rules.crisis)
    }
}
