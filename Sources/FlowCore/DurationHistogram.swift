/// Durations in whole seconds, counted in buckets that keep a value's top 11 bits: exact up to 2047 s, within
/// 0.1 % above. Percentiles over a year of reviews then take a few kilobytes per group instead of one entry per
/// review.
public struct DurationHistogram: Sendable, Equatable {
    /// Bucket lower bound → count.
    private var buckets = IntMap()
    public private(set) var count = 0
    public private(set) var max: Int64 = 0

    public init() {}

    static func bucket(_ value: Int64) -> Int64 {
        guard value >= 2048 else { return value }
        let shift = Int64(64 - value.leadingZeroBitCount - 11)
        return (value >> shift) << shift
    }

    public mutating func record(seconds: Double) {
        let value = Swift.max(0, Int64(seconds.rounded()))
        buckets.update(Self.bucket(value), default: 0) { $0 += 1 }
        count += 1
        if value > max { max = value }
    }

    public mutating func merge(_ other: DurationHistogram) {
        for (key, n) in other.buckets.entries { buckets.update(key, default: 0) { $0 += n } }
        count += other.count
        max = Swift.max(max, other.max)
    }

    /// The nearest-rank percentile (`p` in 0...1): the smallest recorded value that at least `p` of all values
    /// do not exceed, as its bucket's lower bound; the maximum exactly. Nil when nothing was recorded.
    public func percentile(_ p: Double) -> Int64? {
        guard count > 0 else { return nil }
        let rank = Swift.max(1, Int((p * Double(count)).rounded(.up)))
        if rank >= count { return max }
        var seen = 0
        for (key, n) in buckets.entries.sorted(by: { $0.key < $1.key }) {
            seen += n
            if seen >= rank { return key }
        }
        return max
    }
}
