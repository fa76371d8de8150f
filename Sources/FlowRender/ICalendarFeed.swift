public import FlowCore
public import Foundation

/// A client's editorial calendar as an iCalendar feed (RFC 5545), for Outlook, Google Calendar and the like:
/// one 30-minute event per planned post at its publish time. Pure: the posts, the time and the links come in.
public enum ICalendarFeed {
    /// `link(draft)` gives the URL an entry links to (its preview while it waits for review), or nil.
    public static func render(
        client: Client, posts: [PlannedPost], now: Date, host: String, link: (PlannedPost) -> String?
    ) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//flowd//editorial calendar//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + text("\(client.name) · editorial calendar"),
            "X-WR-TIMEZONE:" + text(client.timeZone.identifier),
        ]
        for post in posts where post.state != .withdrawn {
            let channels = post.channels.isEmpty ? "-" : post.channels.joined(separator: ", ")
            var description = "State: \(post.state.rawValue)\nChannels: \(channels)"
            if let side = post.whoseMove { description += "\nWhose move: \(side.rawValue)" }
            lines += [
                "BEGIN:VEVENT", "UID:flowd-draft-\(post.draft)@\(host)", "DTSTAMP:" + stamp(now),
                "DTSTART:" + stamp(post.publishAt), "DURATION:PT30M",
                "SUMMARY:" + text("\(post.title) (\(post.state.rawValue))"), "DESCRIPTION:" + text(description),
                "STATUS:" + status(post.state),
            ]
            if !post.channels.isEmpty { lines.append("CATEGORIES:" + post.channels.map(text).joined(separator: ",")) }
            if let url = link(post) { lines.append("URL:" + url) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func status(_ state: DraftState) -> String {
        state == .approved || state == .published ? "CONFIRMED" : "TENTATIVE"
    }

    /// A UTC date-time, `20261130T083000Z`.
    static func stamp(_ date: Date) -> String {
        let iso = isoUTC(date)  // 2026-11-30T08:30:00.000Z
        let digits = iso.prefix(19).filter { $0 != "-" && $0 != ":" }
        return String(digits) + "Z"
    }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and line breaks as `\n`; other control
    /// characters are dropped, since text from users is data.
    public static func text(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": break
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Lines longer than 75 octets are folded (RFC 5545 §3.1): a line break and a space, never inside a
    /// scalar's UTF-8 bytes. By scalar, not by `Character`: one grapheme cluster can be longer than a line.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if count + size > 75 {
                out.append(contentsOf: "\r\n ".unicodeScalars)
                count = 1
            }
            out.append(scalar)
            count += size
        }
        return String(out)
    }
}
