import FlowCore
import TOMLKit

extension Reader {
    /// `[channels.NAME]`: the seeded channel table (`ChannelRules.seeded`) with a channel's figures changed or a
    /// channel added. A key left out keeps the seeded figure; a new channel counts graphemes unless it says.
    mutating func channels(_ root: TOMLTable) -> ChannelRules {
        var rules = ChannelRules.seeded
        guard let value = root["channels"] else { return rules }
        guard let table = value.table else {
            issue("channels", "channels must be a table of [channels.NAME] tables")
            return rules
        }
        for name in table.keys.sorted() {
            let path = "channels.\(name)"
            guard Workflow.isIdentifier(name), let entry = table[name]?.table else {
                issue(path, "\(path) must be a table, named like linkedin or x")
                continue
            }
            checkKeys(
                entry, path,
                allowed: [
                    "max_text", "counting", "link_length", "max_text_bytes", "max_hashtags", "max_mentions",
                    "max_links",
                ])
            var rule =
                rules[name]
                ?? ChannelRule(channel: name, maxText: nil, counting: .graphemes, source: "config.toml", read: "")
            rule.source = "config.toml (\(path))" + (rules[name].map { ", over \($0.source)" } ?? "")
            if let text = string(entry, "counting", path) {
                if let counting = TextCounting(rawValue: text) {
                    rule.counting = counting
                } else {
                    let known = TextCounting.allCases.map(\.rawValue).joined(separator: ", ")
                    issue("\(path).counting", "\(path).counting: \(quoted(text)) is not one of \(known)")
                }
            }
            let limits: [(String, WritableKeyPath<ChannelRule, Int?>)] = [
                ("max_text", \.maxText), ("link_length", \.linkLength), ("max_text_bytes", \.maxTextBytes),
                ("max_hashtags", \.maxHashtags), ("max_mentions", \.maxMentions), ("max_links", \.maxLinks),
            ]
            for (key, field) in limits {
                if let figure = int(entry, key, path, range: 0...Workflow.maxBodyBytes) {
                    rule[keyPath: field] = figure
                }
            }
            rules.rules[name] = rule
        }
        return rules
    }
}
