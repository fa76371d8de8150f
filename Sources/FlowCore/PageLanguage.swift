import Foundation

/// The languages review pages speak: German first, since the agencies this is for work in German.
public enum PageLanguage: String, Sendable, CaseIterable {
    case de, en

    /// The user's `locale`, else the client's, else the browser's first language flowd speaks, else English.
    public static func choose(user: String?, client: String?, acceptLanguage: String?) -> PageLanguage {
        for configured in [user, client] {
            if let configured, let language = Self(tag: configured) { return language }
        }
        for part in (acceptLanguage ?? "").split(separator: ",").prefix(16) {
            let tag = part.split(separator: ";").first.map(String.init) ?? ""
            if let language = Self(tag: tag) { return language }
        }
        return .en
    }

    /// `de`, `de-AT`, `en_GB` …: the first two letters decide.
    public init?(tag: String) {
        let primary = tag.trimmingCharacters(in: .whitespaces).prefix(2).lowercased()
        guard let language = Self(rawValue: primary) else { return nil }
        self = language
    }
}
