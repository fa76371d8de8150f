import FlowCore

/// An upload kept: the medium as its stored bytes were sniffed (alt text empty, for the request to fill in) and the
/// file that holds them, already durable under its content address.
struct StoredMedium: Sendable, Equatable {
    var medium: Medium
    var path: String
}
