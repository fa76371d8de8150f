import FlowCore
import Foundation

/// Body of `POST /v1/backup`.
public struct BackupRequest: Codable, Sendable {
    /// Absolute; must not exist yet. The daemon writes it, as its own user.
    public var path: String

    public init(path: String) { self.path = path }
}
