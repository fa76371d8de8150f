import FlowCore
import TOMLKit

extension Reader {
    /// `[media]`: the largest picture and video an upload may be, and how many media one revision holds. Sizes are
    /// a number of bytes or a text like "20 MB" (KB, MB and GB are powers of 1024, as the refusals write them).
    mutating func media(_ root: TOMLTable) -> MediaLimits {
        var limits = MediaLimits()
        guard let value = root["media"] else { return limits }
        guard let table = value.table else {
            issue("media", "media must be a table ([media])")
            return limits
        }
        checkKeys(table, "media", allowed: ["max_image_bytes", "max_video_bytes", "max_items"])
        if let bytes = size(table, "max_image_bytes", "media", max: Self.gigabyte) { limits.maxImageBytes = bytes }
        if let bytes = size(table, "max_video_bytes", "media", max: 16 * Self.gigabyte) { limits.maxVideoBytes = bytes }
        if let items = int(table, "max_items", "media", range: 1...100) { limits.maxItems = items }
        return limits
    }

    private static let gigabyte: UInt64 = 1024 * 1024 * 1024

    /// A size of at least one byte and at most `max`, as an integer or a text like "500 MB".
    private mutating func size(_ table: TOMLTable, _ key: String, _ path: String, max: UInt64) -> UInt64? {
        guard let value = table[key] else { return nil }
        let bytes: UInt64?
        if let int = value.int {
            bytes = int > 0 ? UInt64(int) : nil
        } else if let text = value.string {
            bytes = Self.bytes(text)
        } else {
            issue(
                "\(path).\(key)", "\(path).\(key) must be a number of bytes or a size like \"20 MB\", not \(value.type)"
            )
            return nil
        }
        guard let bytes, (1...max).contains(bytes) else {
            issue(
                "\(path).\(key)",
                "\(path).\(key) must be a size from 1 byte to \(max / Self.gigabyte) GB, like \"20 MB\" or 20971520")
            return nil
        }
        return bytes
    }

    /// "20 MB", "512KB", "1 GB", "4096 B" or "4096"; nil for anything else or a figure past 2^63.
    static func bytes(_ text: String) -> UInt64? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count).drop { $0 == " " }
        guard !digits.isEmpty, digits.count <= 18, let figure = UInt64(digits) else { return nil }
        let scale: UInt64? =
            switch unit.uppercased() {
            case "", "B": 1
            case "KB": 1024
            case "MB": 1024 * 1024
            case "GB": gigabyte
            default: nil
            }
        guard let scale else { return nil }
        let (product, overflow) = figure.multipliedReportingOverflow(by: scale)
        return overflow ? nil : product
    }
}
