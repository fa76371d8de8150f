/// A hash map from non-negative integers to integers, open addressing with linear probing and a multiplicative hash.
/// For the report's hot loop only: `Dictionary` hashes every key with SipHash (to resist collision attacks on
/// keys from outside), which for a million event lookups costs more than the rest of the fold; the keys here
/// are draft ids and bucket bounds from flowd's own database.
struct IntMap: Sendable, Equatable {
    private static var vacant: Int64 { -1 }
    private var keys: [Int64]
    private var values: [Int]
    private var shift: UInt64
    private(set) var count = 0

    init() {
        keys = Array(repeating: Self.vacant, count: 16)
        values = Array(repeating: 0, count: 16)
        shift = 60
    }

    private var mask: Int { keys.count - 1 }

    /// Fibonacci hashing: the high bits of the key times 2^64/φ.
    private func home(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private func find(_ key: Int64) -> (index: Int, found: Bool) {
        var i = home(key)
        while true {
            let k = keys[i]
            if k == key { return (i, true) }
            if k == Self.vacant { return (i, false) }
            i = (i + 1) & mask
        }
    }

    subscript(key: Int64) -> Int? {
        get {
            let (i, found) = find(key)
            return found ? values[i] : nil
        }
        set {
            precondition(key >= 0, "IntMap keys are non-negative")
            guard let newValue else { return remove(key) }
            var (i, found) = find(key)
            if !found {
                if (count + 1) * 2 > keys.count {
                    grow()
                    i = find(key).index
                }
                keys[i] = key
                count += 1
            }
            values[i] = newValue
        }
    }

    /// Changes a value in place, inserting `initial` first if the key is missing.
    mutating func update(_ key: Int64, default initial: @autoclosure () -> Int, _ change: (inout Int) -> Void) {
        var (i, found) = find(key)
        if !found {
            self[key] = initial()
            i = find(key).index
        }
        change(&values[i])
    }

    private mutating func remove(_ key: Int64) {
        let (start, found) = find(key)
        guard found else { return }
        // Backward-shift deletion: later entries of the same run move into the hole if it lies on their path.
        var hole = start
        var j = start
        while true {
            j = (j + 1) & mask
            let k = keys[j]
            if k == Self.vacant { break }
            let h = home(k)
            if (j - h) & mask >= (j - hole) & mask {
                keys[hole] = k
                values[hole] = values[j]
                hole = j
            }
        }
        keys[hole] = Self.vacant
        values[hole] = 0
        count -= 1
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: Self.vacant, count: oldKeys.count * 2)
        values = Array(repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for (i, key) in oldKeys.enumerated() where key != Self.vacant { self[key] = oldValues[i] }
    }

    var entries: [(key: Int64, value: Int)] {
        zip(keys, values).compactMap { key, value in key == Self.vacant ? nil : (key, value) }
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && lhs.entries.allSatisfy { rhs[$0.key] == $0.value }
    }
}
