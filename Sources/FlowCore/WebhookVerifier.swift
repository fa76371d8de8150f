import Crypto
public import Foundation

/// A verified request: what the signature vouches for.
public struct VerifiedDelivery: Sendable, Equatable {
    /// The sender's delivery id, where the scheme has one; the daemon derives one otherwise.
    public var deliveryID: String?
    public var timestamp: Date?
}

/// Why a request was refused. The reason goes to the log; the sender only learns "401".
public struct SignatureFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

/// Verifies inbound webhook signatures over the raw body bytes, in constant time per comparison.
public enum WebhookVerifier {
    /// Largest accepted distance between the sender's timestamp and now, either way.
    public static let tolerance: TimeInterval = 300

    /// `header` looks a header up by its lower-case name.
    public static func verify(
        scheme: SignatureScheme, header: (String) -> String?, body: [UInt8], secrets: [SigningSecret], now: Date
    ) -> Result<VerifiedDelivery, SignatureFailure> {
        guard !secrets.isEmpty else { return .failure(SignatureFailure(reason: "no secret configured")) }
        switch scheme {
        case .standard: return standard(header, body, secrets, now)
        case .github: return github(header, body, secrets)
        case .slack: return slack(header, body, secrets, now)
        }
    }

    private static func standard(
        _ header: (String) -> String?, _ body: [UInt8], _ secrets: [SigningSecret], _ now: Date
    ) -> Result<VerifiedDelivery, SignatureFailure> {
        guard let id = header("webhook-id"), !id.isEmpty, id.utf8.count <= 256 else {
            return .failure(SignatureFailure(reason: "missing or oversized webhook-id"))
        }
        guard let timestamp = header("webhook-timestamp").flatMap(parseTimestamp) else {
            return .failure(SignatureFailure(reason: "missing or malformed webhook-timestamp"))
        }
        if let stale = checkWindow(timestamp, now) { return .failure(stale) }
        guard let signatureHeader = header("webhook-signature") else {
            return .failure(SignatureFailure(reason: "missing webhook-signature"))
        }
        var candidates: [[UInt8]] = []
        for entry in signatureHeader.split(separator: " ", omittingEmptySubsequences: true) {
            let parts = entry.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
            // Other versions (v1a: asymmetric) are skipped, as the specification asks.
            guard parts.count == 2, parts[0] == "v1", let data = Data(base64Encoded: String(parts[1])) else { continue }
            candidates.append(Array(data))
        }
        guard !candidates.isEmpty else {
            return .failure(SignatureFailure(reason: "no v1 signature in webhook-signature"))
        }
        let signed = Array("\(id).\(Int64(timestamp.timeIntervalSince1970)).".utf8) + body
        for secret in secrets {
            let mac = secret.authenticationCode(for: signed)
            if candidates.contains(where: { constantTimeEqual($0, mac) }) {
                return .success(VerifiedDelivery(deliveryID: id, timestamp: timestamp))
            }
        }
        return .failure(SignatureFailure(reason: "no signature matched"))
    }

    private static func github(_ header: (String) -> String?, _ body: [UInt8], _ secrets: [SigningSecret])
        -> Result<VerifiedDelivery, SignatureFailure>
    {
        guard let value = header("x-hub-signature-256"), value.hasPrefix("sha256="),
            let claimed = unhex(String(value.dropFirst(7))), claimed.count == 32
        else { return .failure(SignatureFailure(reason: "missing or malformed X-Hub-Signature-256")) }
        for secret in secrets {
            let mac = secret.authenticationCode(for: body)
            if constantTimeEqual(claimed, mac) {
                let delivery = header("x-github-delivery").flatMap { $0.isEmpty || $0.utf8.count > 256 ? nil : $0 }
                return .success(VerifiedDelivery(deliveryID: delivery, timestamp: nil))
            }
        }
        return .failure(SignatureFailure(reason: "no signature matched"))
    }

    private static func slack(
        _ header: (String) -> String?, _ body: [UInt8], _ secrets: [SigningSecret], _ now: Date
    ) -> Result<VerifiedDelivery, SignatureFailure> {
        guard let rawTimestamp = header("x-slack-request-timestamp"), let timestamp = parseTimestamp(rawTimestamp)
        else {
            return .failure(SignatureFailure(reason: "missing or malformed X-Slack-Request-Timestamp"))
        }
        if let stale = checkWindow(timestamp, now) { return .failure(stale) }
        guard let value = header("x-slack-signature"), value.hasPrefix("v0="),
            let claimed = unhex(String(value.dropFirst(3))), claimed.count == 32
        else { return .failure(SignatureFailure(reason: "missing or malformed X-Slack-Signature")) }
        let signed = Array("v0:\(rawTimestamp):".utf8) + body
        for secret in secrets {
            let mac = secret.authenticationCode(for: signed)
            if constantTimeEqual(claimed, mac) {
                return .success(VerifiedDelivery(deliveryID: nil, timestamp: timestamp))
            }
        }
        return .failure(SignatureFailure(reason: "no signature matched"))
    }

    /// Whole seconds since the epoch, digits only (no sign, no fraction, at most 12 digits).
    static func parseTimestamp(_ text: String) -> Date? {
        guard !text.isEmpty, text.utf8.count <= 12, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let seconds = Int64(text)
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func checkWindow(_ timestamp: Date, _ now: Date) -> SignatureFailure? {
        abs(now.timeIntervalSince(timestamp)) <= tolerance
            ? nil : SignatureFailure(reason: "timestamp outside the \(Int(tolerance)) s window")
    }

    /// Hex digits to bytes; nil on odd length or a non-hex character.
    static func unhex(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard bytes.count % 2 == 0, bytes.count <= 256 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            case 0x41...0x46: c - 0x41 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        var index = 0
        while index < bytes.count {
            guard let high = value(bytes[index]), let low = value(bytes[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    /// Compares without an early exit, so the time taken does not say how much of a guess was right.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
