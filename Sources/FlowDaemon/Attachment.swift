import FlowCore

/// What an attach asks for besides the file: the draft, the medium's alt text and place, and the revision and
/// message of the edit it makes.
struct Attachment: Sendable {
    var draft: Int64
    var alt: String
    var position: Int?
    var revision: Int?
    var message: String?

    /// The edit that attaches `medium`.
    func request(_ medium: Medium) -> Request {
        Request(
            .edit(ContentPatch(media: .attach(medium, position: position))), expectedRevision: revision,
            message: message)
    }
}
