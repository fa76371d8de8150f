import FlowCore

extension Engine {
    /// One change to a draft's media, decided on the draft as it is in the write transaction: an edit, so it makes
    /// a revision and voids the approvals of the one before.
    func changeMedia(
        _ change: MediaChange, on id: Int64, revision: Int?, message: String?, by actor: Actor
    ) async throws -> DraftReading {
        try await act(
            Request(.edit(ContentPatch(media: change)), expectedRevision: revision, message: message), on: id, by: actor
        )
    }
}
