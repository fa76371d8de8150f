import FlowAPI
import FlowConfig
import FlowCore
import FlowDaemon
import FlowRender
import Foundation

/// What each fuzz target does with one input. The libFuzzer executables under fuzz/ call `run`, which traps on a
/// violated invariant so that libFuzzer keeps the input; `swift test` replays every input that once crashed a
/// target (fuzz/crashers/) through `check`, which returns the violation instead.
public enum FuzzTargets {
    public static let names = [
        "signatures", "bodies", "config", "limits", "templates", "page", "mail", "slack", "terminal", "media",
    ]

    public static func run(_ name: String, _ bytes: [UInt8]) {
        if let violation = check(name, bytes) { preconditionFailure(violation) }
    }

    /// Runs target `name` on `bytes`; returns what the target found wrong (one of its invariants broken), or nil.
    /// A crash in the code under test still crashes the caller: only the targets' own checks are returned.
    ///
    /// `signerSecrets` is a test hook: the secrets the signature oracle recomputes signatures with instead of the
    /// ones the verifier is given. Other secrets make an accepted signature look forged, which shows that a
    /// violation is reported.
    public static func check(_ name: String, _ bytes: [UInt8], signerSecrets: [String]? = nil) -> String? {
        switch name {
        case "signatures":
            let signers = signerSecrets.map { texts in texts.compactMap { SigningSecret($0) } } ?? secrets
            return signatureViolation(bytes, signers: signers)
        case "bodies": return bodiesViolation(bytes)
        case "config": return configViolation(bytes)
        case "limits": return limitsViolation(bytes)
        case "templates": return templatesViolation(bytes)
        case "page": return pageViolation(bytes)
        case "mail": return mailViolation(bytes)
        case "slack": return slackViolation(bytes)
        case "terminal": return terminalViolation(bytes)
        case "media": return mediaViolation(bytes)
        default: return "no fuzz target \(name)"
        }
    }

    private static let secrets = [SigningSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")!, SigningSecret("plain")!]

    /// The first line is taken as header values (split on NUL: id, timestamp, signature), the rest as the body;
    /// every scheme must answer with a verdict, never crash, and never accept an unsigned input.
    static func signatureViolation(_ bytes: [UInt8], signers: [SigningSecret]) -> String? {
        let newline = bytes.firstIndex(of: 10) ?? bytes.endIndex
        let fields = bytes[..<newline].split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        let body = Array(bytes[min(newline + 1, bytes.endIndex)...])
        func field(_ index: Int) -> String? { index < fields.count ? fields[index] : nil }
        let headers: [String: String?] = [
            "webhook-id": field(0), "webhook-timestamp": field(1), "webhook-signature": field(2),
            "x-hub-signature-256": field(2), "x-github-delivery": field(0), "x-slack-request-timestamp": field(1),
            "x-slack-signature": field(2),
        ]
        let now = Date(timeIntervalSince1970: Double(Int(field(1) ?? "") ?? 1_614_265_330))
        for scheme in SignatureScheme.allCases {
            let verdict = WebhookVerifier.verify(
                scheme: scheme, header: { headers[$0] ?? nil }, body: body, secrets: secrets, now: now)
            if case .success = verdict {
                // Acceptance must mean the signature is right: recompute it the signer's way.
                // (Compared as bytes: base64 with non-zero padding bits decodes to the same MAC, found by fuzzing.)
                if scheme == .standard, let id = field(0), let timestamp = field(1) {
                    let made = signers.map {
                        Data(
                            base64Encoded: String(
                                WebhookSigner.sign(id: id, timestamp: timestamp, body: body, secret: $0).dropFirst(3)))
                    }
                    let given = (field(2) ?? "").split(separator: " ").compactMap { entry -> Data? in
                        entry.hasPrefix("v1,") ? Data(base64Encoded: String(entry.dropFirst(3))) : nil
                    }
                    if !given.contains(where: { made.contains($0) }) {
                        return "accepted a standard signature that no secret made"
                    }
                }
            }
        }
        _ = DeliveryPolicy.parseRetryAfter(String(decoding: bytes, as: UTF8.self), now: now)
        return nil
    }

    /// Request bodies as the control API and the webhook listener decode them: decode must throw or succeed; and
    /// the event stream as flowctl reads it, whose lines never hold a newline.
    static func bodiesViolation(_ bytes: [UInt8]) -> String? {
        let data = Data(bytes)
        let decoder = WireJSON.decoder()
        _ = try? decoder.decode(CreateRequest.self, from: data)
        _ = try? ActionRequest(jsonData: data)
        _ = try? decoder.decode(BackupRequest.self, from: data)
        for scheme in SignatureScheme.allCases { _ = WebhookAnswers.webhookRequest(scheme: scheme, body: bytes) }
        _ = TimeSpan(String(decoding: bytes, as: UTF8.self))
        _ = WireJSON.parseDate(String(decoding: bytes, as: UTF8.self))
        // flowctl's reader of a followed event stream, fed the bytes in two pieces as a socket might deliver them.
        var stream = ChunkedLines()
        stream.feed(bytes[..<(bytes.count / 2)])
        stream.feed(bytes[(bytes.count / 2)...])
        while let line = try? stream.nextLine() {
            if line.utf8.contains(10) { return "a line from the event stream reader contains a newline" }
        }
        return nil
    }

    /// config.toml: parse must return a config or line-numbered issues, never crash.
    static func configViolation(_ bytes: [UInt8]) -> String? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        do {
            _ = try ConfigLoader.parse(text, path: "fuzz.toml", baseDirectory: "/nonexistent", host: TableHost.fuzz)
        } catch {
            if error.issues.isEmpty { return "a refused config must say why" }
        }
        return nil
    }

    /// The public listener's per-address limiter driven by arbitrary events, and the forwarded-address parser
    /// fed the input as a header, from a trusted proxy and from a peer that is not one. The limiter must keep its
    /// bounds whatever the order of events: no more addresses than allowed, no refusal beyond one window, at most
    /// one log line per kind per window, and log lines that never claim more failures than happened.
    static func limitsViolation(_ bytes: [UInt8]) -> String? {
        let header = String(decoding: bytes, as: UTF8.self)
        let address = ClientAddress.of(peer: "127.0.0.1", forwardedFor: header, trusting: loopback)
        if address.isEmpty || address.utf8.count > ClientAddress.maxLength || address.contains(",") {
            return "forwarded address \(address.debugDescription) is empty, too long or not one entry"
        }
        if ClientAddress.of(peer: "198.51.100.7", forwardedFor: header, trusting: loopback) != "198.51.100.7" {
            return "a peer that is no trusted proxy was counted as the address its header named"
        }
        _ = TrustedProxies.range(header)
        var limiter = FailedAttempts(limit: 3, window: 60, maxAddresses: 16)
        var now = Date(timeIntervalSince1970: 1_790_000_000)
        var failures: [String: Int] = [:]
        var logged: [String: Int] = [:]
        var lastLine: [String: Date] = [:]
        var index = 0
        while index + 3 <= bytes.count {
            let (op, who, what) = (bytes[index], "10.0.0.\(bytes[index + 1] % 40)", "k\(bytes[index + 2] % 3)")
            index += 3
            switch op % 3 {
            case 0:
                failures[what, default: 0] += 1
                if case .log(let count) = limiter.failed(address: who, kind: what, now: now) {
                    if let last = lastLine[what], now.timeIntervalSince(last) < limiter.window {
                        return "two log lines for \(what) within one window"
                    }
                    lastLine[what] = now
                    logged[what, default: 0] += count
                    if logged[what, default: 0] > failures[what, default: 0] {
                        return "log lines for \(what) claim more failures than happened"
                    }
                }
            case 1:
                if let until = limiter.refusedUntil(address: who, kind: what, now: now),
                    until <= now || until > now.addingTimeInterval(limiter.window)
                {
                    return "refused until \(until), outside (now, now + window]"
                }
            default:
                now = now.addingTimeInterval(Double(bytes[index - 1]))
            }
            if limiter.trackedAddresses > limiter.maxAddresses { return "more addresses than maxAddresses" }
        }
        return nil
    }

    private static let loopback = TrustedProxies(
        ranges: ["127.0.0.0/8", "::1"].compactMap { try? TrustedProxies.range($0).get() })

    /// A template's text (the first line) and values (`name=value` lines after it). A template that parses has at
    /// most 20 distinct placeholders; a fill that succeeds had a value for each, and every value fits its kind by
    /// checks written independently here. The same text as a calendar entry's title renders to lines of at most
    /// 75 octets that unfold to the escaped title.
    static func templatesViolation(_ bytes: [UInt8]) -> String? {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let source = String(lines.first ?? "")
        var values: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        if let template = try? TemplateText(parsing: source) {
            let names = template.placeholders.map(\.name)
            if names.count > TemplateText.maxPlaceholders || Set(names).count != names.count {
                return "\(names.count) placeholders, or one twice"
            }
            if (try? template.fill(values)) != nil {
                for placeholder in template.placeholders {
                    guard let value = values[placeholder.name] else { return "filled without \(placeholder.name)" }
                    if let problem = misfit(value, placeholder.kind) { return "\(placeholder.name): \(problem)" }
                }
                if values.keys.contains(where: { !names.contains($0) }) {
                    return "filled with a value for no placeholder"
                }
            }
        }
        let post = PlannedPost(
            draft: 1, client: "acme", title: source, state: .review, channels: [],
            publishAt: Date(timeIntervalSince1970: 0),
            whoseMove: nil)
        let feed = ICalendarFeed.render(
            client: Client(id: "acme", name: "ACME"), posts: [post], now: Date(timeIntervalSince1970: 0), host: "h"
        ) { _ in nil }
        for line in feed.components(separatedBy: "\r\n") {
            if line.utf8.count > 75 { return "an iCalendar line of \(line.utf8.count) octets" }
            if line.contains("\n") || line.contains("\r") { return "a bare line break in an iCalendar line" }
        }
        let unfolded = feed.replacingOccurrences(of: "\r\n ", with: "")
        if !unfolded.contains("SUMMARY:" + ICalendarFeed.text(source + " (review)") + "\r\n") {
            return "the title does not unfold to its escaped text"
        }
        return nil
    }

    /// Why a value does not fit its kind, by checks of its own (not the ones `TemplateText` uses).
    static func misfit(_ value: String, _ kind: TemplateText.Kind) -> String? {
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "a control character"
        }
        switch kind {
        case .text(let max): return value.isEmpty || value.count > max ? "text of \(value.count) characters" : nil
        case .time:
            let digits = Array(value.utf8)
            guard digits.count == 5, digits[2] == 58,
                let hours = Int(String(decoding: digits[0..<2], as: UTF8.self)),
                let minutes = Int(String(decoding: digits[3..<5], as: UTF8.self)), hours < 24, minutes < 60
            else { return "not a time" }
            return nil
        case .url(let hosts):
            guard let url = URL(string: value), url.scheme?.lowercased() == "https", url.user == nil, url.port == nil,
                let host = url.host?.lowercased(), hosts.contains(where: { host == $0 || host.hasSuffix("." + $0) })
            else { return "not an https URL on \(hosts)" }
            return nil
        }
    }
}
