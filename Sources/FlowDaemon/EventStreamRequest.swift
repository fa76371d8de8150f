import FlowCore
import FlowStore

/// What a caller of `GET /v1/events` asked for, checked before the stream starts.
struct EventStreamRequest: Sendable {
    var since: Int64
    /// Without `follow` the stream ends at the newest event there was when it began.
    var follow: Bool
    /// The caller's scope narrowed by `client`; nil: every client.
    var clients: Set<String>?
    var draft: Int64?
    var kinds: Set<EventKind>?
    /// Where a reader dropped before it was handed anything resumes: an event it may see, never `since` when that
    /// is the newest event of all, which may be another client's.
    var resumeFrom: Int64 = 0
    /// The caller's scope under the configuration in force when it is asked (`Engine.scopeNow(of:)`): a reload
    /// that narrows or removes the caller narrows a stream they opened before it.
    var scopeNow: @Sendable () -> Scope = { .everything }

    /// Whether the stream shows `logged`, within `scope`, the caller's as it is now.
    func shows(_ logged: LoggedEvent, within scope: Scope) -> Bool {
        scope.contains(logged.client) && (clients?.contains(logged.client) ?? true)
            && (draft.map { $0 == logged.event.draftID } ?? true) && (kinds?.contains(logged.event.kind) ?? true)
    }
}
