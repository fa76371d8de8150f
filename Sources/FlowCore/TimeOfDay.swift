/// A wall-clock time of day, minutes after midnight.
public struct TimeOfDay: Sendable, Equatable, Comparable, Codable, CustomStringConvertible {
    public var minutes: Int

    public init(minutes: Int) { self.minutes = minutes }

    /// Parses `HH:MM`, 00:00 to 24:00.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 24 * 60
        else { return nil }
        minutes = h * 60 + m
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.minutes < rhs.minutes }

    public var description: String {
        let h = minutes / 60
        let m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}
