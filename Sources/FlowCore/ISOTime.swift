public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// ISO-8601 in UTC with milliseconds (`2026-05-04T12:30:00.000Z`), without Foundation's slow formatters.
public func isoUTC(_ date: Date) -> String {
    let fast = String(unsafeUninitializedCapacity: 24) { writeISOUTC(date, into: $0) }
    if !fast.isEmpty { return fast }
    let (parts, fraction) = utcParts(date)
    func pad(_ n: Int, _ width: Int) -> String {
        let text = String(n)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
        + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2)).\(pad(fraction, 3))Z"
}

/// Appends `isoUTC(date)`'s bytes, for JSON written straight into bytes.
public func appendISOUTC(_ date: Date, to out: inout [UInt8]) {
    let start = out.count
    out.append(contentsOf: repeatElement(0, count: 24))
    let written = out.withUnsafeMutableBufferPointer { writeISOUTC(date, into: .init(rebasing: $0[start...])) }
    if written == 0 {
        out.removeLast(24)
        out.append(contentsOf: isoUTC(date).utf8)
    }
}

/// Whether the Gregorian calendar has this day: 2026-02-30 does not, and is refused rather than rolled over into
/// March.
public func isRealDate(year: Int, month: Int, day: Int) -> Bool {
    guard (1...12).contains(month), day >= 1 else { return false }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= days[month - 1]
}

/// The year, month and day of text that starts like a date (`YYYY-MM-DD`), as written (not checked against the
/// calendar); nil for text that does not.
public func civilDate(startingWith text: String) -> (year: Int, month: Int, day: Int)? {
    let bytes = Array(text.utf8.prefix(10))
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
    func number(_ range: Range<Int>) -> Int? {
        var value = 0
        for byte in bytes[range] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
    return (year, month, day)
}

/// Whether text that starts like a date (`YYYY-MM-DD`) names a real day; true for text that does not start like one.
public func startsWithRealDate(_ text: String) -> Bool {
    guard let (year, month, day) = civilDate(startingWith: text) else { return true }
    return isRealDate(year: year, month: month, day: day)
}

/// Reads what `isoUTC` writes (`2026-06-12T10:30:00.000Z`) without Foundation's slow parsers; nil for anything else.
public func parseISOUTC(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    guard bytes.count == 24, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
        bytes[19] == 46, bytes[23] == 90
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let digit = Int(bytes[index]) - 48
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
        let minute = number(14..<16), let second = number(17..<19), let millis = number(20..<23),
        isRealDate(year: year, month: month, day: day), hour < 24, minute < 60, second < 61
    else { return nil }
    var parts = tm()
    parts.tm_year = Int32(year - 1900)
    parts.tm_mon = Int32(month - 1)
    parts.tm_mday = Int32(day)
    parts.tm_hour = Int32(hour)
    parts.tm_min = Int32(minute)
    parts.tm_sec = Int32(second)
    let seconds = timegm(&parts)
    return Date(timeIntervalSince1970: Double(seconds) + Double(millis) / 1000)
}

/// The date's UTC calendar fields, to the nearest millisecond: flowd stores whole milliseconds, and 1764128866.171 as
/// a Double is a hair under .171, which rounding down would print as .170.
private func utcParts(_ date: Date) -> (tm, fraction: Int) {
    let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
    var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    return (parts, Int(millis - Int64(seconds) * 1000))
}

/// Writes `isoUTC`'s 24 bytes digit by digit and returns 24, or 0 for a year outside 0...9999. The interpolated form
/// cost every transition a share of its time, with three dates in every answer.
private func writeISOUTC(_ date: Date, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
    let (parts, fraction) = utcParts(date)
    let year = Int(parts.tm_year) + 1900
    guard (0...9999).contains(year) else { return 0 }
    var at = 0
    func put(_ value: Int, _ width: Int) {
        var value = value
        for index in stride(from: at + width - 1, through: at, by: -1) {
            out[index] = UInt8(48 + value % 10)
            value /= 10
        }
        at += width
    }
    func mark(_ byte: Unicode.Scalar) {
        out[at] = UInt8(ascii: byte)
        at += 1
    }
    put(year, 4)
    mark("-")
    put(Int(parts.tm_mon) + 1, 2)
    mark("-")
    put(Int(parts.tm_mday), 2)
    mark("T")
    put(Int(parts.tm_hour), 2)
    mark(":")
    put(Int(parts.tm_min), 2)
    mark(":")
    put(Int(parts.tm_sec), 2)
    mark(".")
    put(fraction, 3)
    mark("Z")
    return at
}
