import FlowCore

/// The `media` fuzz target: `MediaSniffer` on hostile uploads. Fed whole or in pieces whose sizes the input picks,
/// the verdict must be the same; facts must be within bounds; and the file without its location ranges must sniff
/// to the same picture with no location left, unless dropping bytes brought markup into its first kilobyte.
extension FuzzTargets {
    static func mediaViolation(_ bytes: [UInt8]) -> String? {
        let whole = MediaSniffer.sniff(bytes)
        var sniffer = MediaSniffer()
        let pieces = Result { () throws(MediaRefusal) in
            var index = 0
            while index < bytes.count {
                let end = min(bytes.count, index + Int(bytes[index] % 37) + 1)
                try sniffer.feed(bytes[index..<end])
                index = end
            }
            return try sniffer.finish()
        }
        switch (whole, pieces) {
        case (.success(let facts), .success(let same)):
            if facts != same { return "fed in pieces, the facts differ: \(facts) and \(same)" }
            return factsViolation(facts, bytes)
        case (.failure(let refused), .failure):
            return refused.message.isEmpty ? "a refusal without a reason" : nil
        default:
            return "fed whole and in pieces, one was taken and one refused"
        }
    }

    private static func factsViolation(_ facts: MediaFacts, _ bytes: [UInt8]) -> String? {
        let sides = 1...MediaFacts.maxSide
        guard sides.contains(facts.width), sides.contains(facts.height), facts.byteCount == UInt64(bytes.count) else {
            return "facts out of bounds: \(facts)"
        }
        var from: UInt64 = 0
        for range in facts.locationRanges {
            if range.lowerBound < from || range.upperBound > facts.byteCount || range.isEmpty {
                return "location ranges out of order or bounds: \(facts.locationRanges)"
            }
            from = range.upperBound
        }
        guard !facts.locationRanges.isEmpty else { return nil }
        let kept = facts.keptRanges.flatMap { bytes[Int($0.lowerBound)..<Int($0.upperBound)] }
        switch MediaSniffer.sniff(kept) {
        case .success(let clean):
            if clean.kind != facts.kind || clean.width != facts.width || clean.height != facts.height
                || !clean.locationRanges.isEmpty
            {
                return "without its location ranges the file reads as \(clean), not \(facts)"
            }
        case .failure(let refused):
            if !refused.message.contains("markup") {
                return "without its location ranges the file is refused: \(refused.message)"
            }
        }
        return nil
    }
}
