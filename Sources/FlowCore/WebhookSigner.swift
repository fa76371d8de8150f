import Crypto
import Foundation

/// Signs outgoing requests the Standard Webhooks way: `v1,` and base64 of HMAC-SHA256 over `id.timestamp.body`.
public enum WebhookSigner {
    public static func sign(id: String, timestamp: String, body: [UInt8], secret: SigningSecret) -> String {
        let signed = Array("\(id).\(timestamp).".utf8) + body
        return "v1," + Data(secret.authenticationCode(for: signed)).base64EncodedString()
    }
}
