/// The revision a reader last had before the one in review, so that their page can show what changed since and
/// the changes that were asked of it.
public struct SeenRevision: Sendable, Equatable {
    public var revision: Int
    public var title: String
    public var body: String
    /// The requests for changes made of that revision, oldest first.
    public var asked: [Event]

    public init(revision: Int, title: String, body: String, asked: [Event]) {
        self.revision = revision
        self.title = title
        self.body = body
        self.asked = asked
    }
}
