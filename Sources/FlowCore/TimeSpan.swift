public import Foundation

/// A length of time written like `15m`, `4h`, `2d`, `1h30m` or `90s`.
public struct TimeSpan: Sendable, Equatable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.seconds < rhs.seconds }

    /// Parses `1d2h30m15s`-style text; units d, h, m, s, each at most once and in that order.
    public init?(_ text: String) {
        let units: [(Character, Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        var total: Int64 = 0
        var number: Int64?
        var nextUnit = 0
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (times, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
                guard !overflow1, !overflow2, sum < 1_000_000_000 else { return nil }
                number = sum
            } else {
                guard let value = number,
                    let index = units[nextUnit...].firstIndex(where: { $0.0 == character })
                else { return nil }
                total += value * units[index].1
                nextUnit = index + 1
                number = nil
            }
        }
        guard number == nil, nextUnit > 0 else { return nil }
        seconds = total
    }

    /// The shortest text that parses back to the same span (`1h30m`, `0s`).
    public var description: String {
        if seconds == 0 { return "0s" }
        var rest = seconds
        var out = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }

    public var timeInterval: TimeInterval { TimeInterval(seconds) }
}
