import Foundation

/// A post's text and media measured against the rules of each of its channels. Pure: the rules come from the directory,
/// and the text is read once per way of counting it, so the work is linear in the text however many channels
/// the post goes to. A post's text is its body; the title is flowd's name for the draft and is not posted.
public enum ChannelCheck {
    /// The rules the content breaks, channel by channel in the content's order, each rule in a fixed order.
    public static func violations(_ content: Content, rules: ChannelRules) -> [ChannelViolation] {
        var found: [ChannelViolation] = []
        var measured = Measures(content.body)
        for channel in content.channels {
            guard let rule = rules[channel] else {
                if rules.refusesUnknown {
                    found.append(ChannelViolation(channel: channel, rule: nil, figure: 0, limit: 0))
                }
                continue
            }
            let text = measured.text(for: rule.counting)
            let limits: [(String, Int?, () -> Int)] = [
                ("characters", rule.maxText, { text.length(rule.counting, linkLength: rule.linkLength) }),
                ("bytes", rule.maxTextBytes, { content.body.utf8.count }),
                ("hashtags", rule.maxHashtags, { text.hashtags }),
                ("mentions", rule.maxMentions, { text.mentions }),
                ("links", rule.maxLinks, { text.links.count }),
            ]
            for (name, limit, figure) in limits {
                guard let limit else { continue }
                let value = figure()
                if value > limit {
                    found.append(ChannelViolation(channel: channel, rule: name, figure: value, limit: limit))
                }
            }
            found += mediaViolations(content.media, channel: channel, rules: rule.media)
        }
        return found
    }

    /// Each of the content's channels with its text's length in the channel's unit and the channel's limit (nil
    /// for a channel without one), for `flowctl show` and the review page.
    public static func counts(_ content: Content, rules: ChannelRules) -> [ChannelCount] {
        var measured = Measures(content.body)
        return content.channels.map { channel in
            guard let rule = rules[channel] else {
                return ChannelCount(channel: channel, length: content.body.count, limit: nil)
            }
            let length = measured.text(for: rule.counting).length(rule.counting, linkLength: rule.linkLength)
            return ChannelCount(channel: channel, length: length, limit: rule.maxText)
        }
    }

    /// The refusal of a submit whose content breaks its channels' rules, naming every rule broken; nil when it
    /// breaks none.
    static func refusal(of draft: Draft, rules: ChannelRules) -> Refusal? {
        let broken = violations(draft.content, rules: rules)
        guard !broken.isEmpty else { return nil }
        return Refusal(
            .invalidRequest,
            "draft \(draft.id) does not fit its channels: " + broken.map(\.description).joined(separator: "; "))
    }

    /// The text read once as it is and once in normalization form C (X counts that), each only when asked for.
    private struct Measures {
        let body: String
        var raw: ChannelText?
        var composed: ChannelText?

        init(_ body: String) { self.body = body }

        mutating func text(for counting: TextCounting) -> ChannelText {
            if counting == .twitterWeighted {
                if let composed { return composed }
                let text = ChannelText(body.precomposedStringWithCanonicalMapping)
                composed = text
                return text
            }
            if let raw { return raw }
            let text = ChannelText(body)
            raw = text
            return text
        }
    }
}
