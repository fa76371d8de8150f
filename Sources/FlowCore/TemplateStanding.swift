public import Foundation

/// A template as `template ls` reads it: whether it may be used now, why not when it may not, and the
/// placeholders a use must fill. Crisis mode offers the usable crisis templates from it.
public struct TemplateStanding: Sendable {
    /// The template's draft.
    public var template: Draft
    public var rules: TemplateRules
    /// The approval the template's uses stand on; nil until it is approved.
    public var grant: TemplateGrant?
    public var usesToday: Int
    /// Why it may not be used now, when it may not.
    public var why: String?
    /// What a use must fill in, in the order the body names them.
    public var placeholders: [TemplateText.Placeholder]

    public var usable: Bool { why == nil }
    /// `client/name`.
    public var name: String { TemplateRules.fullName(client: template.client, name: rules.name) }

    /// `zone` is the client's, for the times a reason names.
    public init(_ template: Draft, usesToday: Int, now: Date, zone: TimeZone?) {
        self.template = template
        self.usesToday = usesToday
        rules = template.template ?? TemplateRules(name: "")
        grant = template.templateGrant
        if let grant {
            do { try grant.checkUse(for: template.client, usesToday: usesToday, now: now, zone: zone) } catch {
                why = error.message
            }
        } else {
            why = "in state \(template.state.rawValue): usable once approved"
        }
        placeholders = (try? TemplateText(parsing: template.content.body))?.placeholders ?? []
    }
}
