import FlowAPI
import FlowCore
import FlowDaemon
import Foundation

/// What each fuzz target does with one input. The libFuzzer executables under fuzz/ call these, and
/// `swift test` replays every input that once crashed one of them (fuzz/crashers/).
public enum FuzzTargets {
    public static let names = ["signatures", "bodies", "config"]

    public static func run(_ name: String, _ bytes: [UInt8]) {
        switch name {
        case "signatures": signatures(bytes)
        case "bodies": bodies(bytes)
        case "config": config(bytes)
        default: preconditionFailure("no fuzz target \(name)")
        }
    }

    private static let secrets = [WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")!, WebhookSecret("plain")!]

    /// The first line is taken as header values (split on NUL: id, timestamp, signature), the rest as the body;
    /// every scheme must answer with a verdict, never crash, and never accept an unsigned input.
    public static func signatures(_ bytes: [UInt8]) {
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
                    let made = secrets.map {
                        Data(
                            base64Encoded: String(
                                WebhookSigner.sign(id: id, timestamp: timestamp, body: body, secret: $0).dropFirst(3)))
                    }
                    let given = (field(2) ?? "").split(separator: " ").compactMap { entry -> Data? in
                        entry.hasPrefix("v1,") ? Data(base64Encoded: String(entry.dropFirst(3))) : nil
                    }
                    precondition(
                        given.contains { made.contains($0) }, "accepted a standard signature that no secret made")
                }
            }
        }
        _ = DeliveryPolicy.parseRetryAfter(String(decoding: bytes, as: UTF8.self), now: now)
    }

    /// Request bodies as the control API and the webhook listener decode them: decode must throw or succeed.
    public static func bodies(_ bytes: [UInt8]) {
        let data = Data(bytes)
        let decoder = WireJSON.decoder()
        _ = try? decoder.decode(CreateRequest.self, from: data)
        _ = try? decoder.decode(ActionRequest.self, from: data)
        _ = try? decoder.decode(BackupRequest.self, from: data)
        for scheme in SignatureScheme.allCases { _ = Engine.webhookRequest(scheme: scheme, body: bytes) }
        _ = TimeSpan(String(decoding: bytes, as: UTF8.self))
        _ = WireJSON.parseDate(String(decoding: bytes, as: UTF8.self))
    }

    /// config.toml: parse must return a config or line-numbered issues, never crash.
    public static func config(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        do {
            _ = try ConfigLoader.parse(text, path: "fuzz.toml", baseDirectory: "/nonexistent")
        } catch {
            precondition(!error.issues.isEmpty, "a refused config must say why")
        }
    }
}
