/// Whether a deadline counts every second or working time only.
public enum ClockKind: String, Sendable, Codable, CaseIterable {
    case business, always
}
