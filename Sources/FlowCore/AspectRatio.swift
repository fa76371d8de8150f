/// A ratio of width to height in whole numbers ("4:5"), compared exactly by cross-multiplying.
public struct AspectRatio: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(_ width: Int, _ height: Int) {
        self.width = width
        self.height = height
    }

    public static func < (lhs: AspectRatio, rhs: AspectRatio) -> Bool {
        lhs.width * rhs.height < rhs.width * lhs.height
    }

    public static func == (lhs: AspectRatio, rhs: AspectRatio) -> Bool {
        lhs.width * rhs.height == rhs.width * lhs.height
    }

    public func hash(into hasher: inout Hasher) {
        let divisor = Self.gcd(width, height)
        hasher.combine(divisor == 0 ? width : width / divisor)
        hasher.combine(divisor == 0 ? height : height / divisor)
    }

    public var description: String { "\(width):\(height)" }

    /// The ratio in lowest terms: 1080:1920 is 9:16.
    public var reduced: AspectRatio {
        let divisor = Self.gcd(width, height)
        return divisor == 0 ? self : AspectRatio(width / divisor, height / divisor)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
