/// A change to a revision's media, as an edit carries it: applied to the media of the draft as it is inside the
/// write transaction, so two people attaching at once both land. Positions count from 1, as people number them.
public enum MediaChange: Sendable, Equatable, Codable {
    /// Adds a stored medium at `position` (nil: at the end).
    case attach(Medium, position: Int?)
    case detach(position: Int)
    case move(position: Int, to: Int)
    /// Sets the alt text of the medium at `position`.
    case describe(position: Int, alt: String)

    /// The media after the change, or the refusal naming what does not exist or would not fit.
    func applied(to media: [Medium], draft: Int64, limits: MediaLimits) throws(Refusal) -> [Medium] {
        var media = media
        func existing(_ position: Int) throws(Refusal) -> Int {
            guard position >= 1, position <= media.count else {
                throw Refusal(
                    .invalidRequest,
                    media.isEmpty
                        ? "draft \(draft) has no media"
                        : "draft \(draft) has no medium \(position): its media are 1 to \(media.count)")
            }
            return position - 1
        }
        switch self {
        case .attach(let medium, let position):
            guard media.count < limits.maxItems else {
                throw Refusal(.invalidRequest, "draft \(draft) has \(media.count) media, the most one post may carry")
            }
            let at = position ?? media.count + 1
            guard at >= 1, at <= media.count + 1 else {
                throw Refusal(
                    .invalidRequest, "position \(at) is past the end: draft \(draft) has \(media.count) media")
            }
            media.insert(medium, at: at - 1)
        case .detach(let position):
            media.remove(at: try existing(position))
        case .move(let position, let to):
            let from = try existing(position)
            let target = try existing(to)
            media.insert(media.remove(at: from), at: target)
        case .describe(let position, let alt):
            media[try existing(position)].alt = alt
        }
        return media
    }

    /// The alt text the change writes, if it writes one.
    var alt: String? {
        switch self {
        case .attach(let medium, _): medium.alt
        case .describe(_, let alt): alt
        case .detach, .move: nil
        }
    }

    /// How the edit's event names the change.
    var summary: String {
        switch self {
        case .attach(let medium, _): "attached \(medium.kind.rawValue) \(medium.sha256.prefix(12))"
        case .detach(let position): "detached medium \(position)"
        case .move(let position, let to): "moved medium \(position) to \(to)"
        case .describe(let position, _): "alt text of medium \(position)"
        }
    }
}
