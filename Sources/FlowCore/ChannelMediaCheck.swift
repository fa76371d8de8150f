extension ChannelCheck {
    /// The media rules of one channel that a post's media break: how many, how many videos, which types, each
    /// picture's shape and each video's length. The shape is checked on pictures only: the feeds that bound it
    /// (Instagram's 4:5 to 1.91:1) show upright video in a player of its own.
    static func mediaViolations(_ media: [Medium], channel: String, rules: MediaRules) -> [ChannelViolation] {
        guard !media.isEmpty else { return [] }
        var found: [ChannelViolation] = []
        let videos = media.filter(\.isVideo).count
        let counted: [(String, Int?, Int)] = [
            ("media", rules.maxItems, media.count), ("videos", rules.maxVideos, videos),
        ]
        for (name, limit, figure) in counted {
            if let limit, figure > limit {
                found.append(ChannelViolation(channel: channel, rule: name, figure: figure, limit: limit))
            }
        }
        for (index, medium) in media.enumerated() {
            let number = index + 1
            if !rules.types.isEmpty, !rules.types.contains(medium.kind.rawValue) {
                let taken = rules.types.compactMap(MediaKind.init(rawValue:)).map(\.name).joined(separator: ", ")
                found.append(
                    violation(
                        channel, "types", "medium \(number) is \(medium.kind.name), which it does not take (\(taken))"))
            }
            if !medium.isVideo, let aspect = rules.aspect, medium.width > 0, medium.height > 0 {
                let shape = AspectRatio(medium.width, medium.height)
                if !aspect.contains(shape) {
                    found.append(
                        violation(
                            channel, "aspect",
                            "medium \(number) is \(medium.width)×\(medium.height) (\(shape.reduced)), outside "
                                + "\(aspect.lowerBound) to \(aspect.upperBound)"))
                }
            }
            if let limit = rules.maxVideoSeconds, let millis = medium.durationMS, millis > Int64(limit) * 1000 {
                found.append(
                    violation(
                        channel, "video length",
                        "video \(number) lasts \(seconds(millis)), longer than \(limit) s"))
            }
        }
        return found
    }

    /// The refusal of a submit in a lane that requires alt text, naming each picture or video without one; nil
    /// when every medium has one.
    static func missingAlt(of draft: Draft, required: Bool) -> Refusal? {
        guard required else { return nil }
        let missing = draft.content.media.indices.filter {
            draft.content.media[$0].alt.allSatisfy { $0.isWhitespace }
        }
        guard !missing.isEmpty else { return nil }
        let names = missing.map { "\($0 + 1)" }.joined(separator: ", ")
        return Refusal(
            .invalidRequest,
            "draft \(draft.id): the lane \(draft.lane.rawValue) requires alt text on every medium; "
                + (missing.count == 1 ? "medium \(names) has none" : "media \(names) have none")
                + " (flowctl alt \(draft.id) \(missing[0] + 1) \"…\")")
    }

    private static func violation(_ channel: String, _ rule: String, _ detail: String) -> ChannelViolation {
        ChannelViolation(channel: channel, rule: rule, figure: 0, limit: 0, detail: detail)
    }

    /// "140 s", "140.5 s".
    private static func seconds(_ millis: Int64) -> String {
        millis % 1000 == 0 ? "\(millis / 1000) s" : "\(millis / 1000).\(format3(millis % 1000)) s"
    }

    private static func format3(_ value: Int64) -> String {
        let digits = String(value)
        let padded = String(repeating: "0", count: max(0, 3 - digits.count)) + digits
        return String(padded.reversed().drop { $0 == "0" }.reversed())
    }
}
