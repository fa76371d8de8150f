/// Body of `PATCH /v1/drafts/:id/media/:n`: a new alt text for the medium, or its new place, or both.
public struct MediumChange: Codable, Sendable {
    public var alt: String?
    /// The medium's new place, from 1.
    public var to: Int?
    public var revision: Int?
    public var message: String?

    public init(alt: String?, to: Int?, revision: Int?, message: String?) {
        self.alt = alt
        self.to = to
        self.revision = revision
        self.message = message
    }
}
