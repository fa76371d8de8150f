import Crypto
import FlowCore
import Foundation
import Testing

/// Test vectors published by each scheme's owner.
enum Vectors {
    // Standard Webhooks' own library tests.
    static let standardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let standardID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let standardTimestamp = "1614265330"
    static let standardBody = Array(#"{"test": 2432232314}"#.utf8)
    static let standardSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

    // GitHub's "Validating webhook deliveries".
    static let githubSecret = "It's a Secret to Everybody"
    static let githubBody = Array("Hello, World!".utf8)
    static let githubSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

    // Slack's "Verifying requests from Slack".
    static let slackSecret = "8f742231b10e8888abcd99yyyzzz85a5"
    static let slackTimestamp = "1531420618"
    static let slackBody = Array(
        ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c").utf8)
    static let slackSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
}

func verify(
    _ scheme: SignatureScheme, _ headers: [String: String], _ body: [UInt8], secrets: [String], now: Double
) -> Result<VerifiedDelivery, SignatureFailure> {
    WebhookVerifier.verify(
        scheme: scheme, header: { headers[$0] }, body: body, secrets: secrets.compactMap(SigningSecret.init),
        now: Date(timeIntervalSince1970: now))
}

func standardHeaders(signature: String = Vectors.standardSignature, timestamp: String = Vectors.standardTimestamp)
    -> [String: String]
{
    ["webhook-id": Vectors.standardID, "webhook-timestamp": timestamp, "webhook-signature": signature]
}

func slackHeaders(signature: String = Vectors.slackSignature, timestamp: String = Vectors.slackTimestamp)
    -> [String: String]
{
    ["x-slack-request-timestamp": timestamp, "x-slack-signature": signature]
}

let standardNow = 1_614_265_330.0
let slackNow = 1_531_420_618.0

@Suite struct PublishedVectors {
    @Test func standardWebhooks() throws {
        let result = verify(
            .standard, standardHeaders(), Vectors.standardBody, secrets: [Vectors.standardSecret], now: standardNow)
        #expect(try result.get().deliveryID == Vectors.standardID)
    }

    @Test func github() throws {
        let headers = [
            "x-hub-signature-256": Vectors.githubSignature, "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        ]
        let result = verify(.github, headers, Vectors.githubBody, secrets: [Vectors.githubSecret], now: 0)
        #expect(try result.get().deliveryID == "72d3162e-cc78-11e3-81ab-4c9367dc0958")
    }

    @Test func slack() throws {
        let result = verify(.slack, slackHeaders(), Vectors.slackBody, secrets: [Vectors.slackSecret], now: slackNow)
        #expect(try result.get().timestamp == Date(timeIntervalSince1970: slackNow))
    }
}

@Suite struct SignatureRefusals {
    @Test func tamperedBodiesFail() {
        var body = Vectors.standardBody
        body[body.count - 2] ^= 1
        #expect(throws: SignatureFailure.self) {
            try verify(.standard, standardHeaders(), body, secrets: [Vectors.standardSecret], now: standardNow).get()
        }
        #expect(throws: SignatureFailure.self) {
            try verify(
                .github, ["x-hub-signature-256": Vectors.githubSignature], Vectors.githubBody + [0x0a],
                secrets: [Vectors.githubSecret], now: 0
            ).get()
        }
        #expect(throws: SignatureFailure.self) {
            try verify(
                .slack, slackHeaders(), Vectors.slackBody + Array("&x=1".utf8), secrets: [Vectors.slackSecret],
                now: slackNow
            )
            .get()
        }
    }

    @Test func nearMissSignaturesFail() {
        // One bit off in the last byte of each.
        let standard = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="
        #expect(throws: SignatureFailure.self) {
            try verify(
                .standard, standardHeaders(signature: standard), Vectors.standardBody,
                secrets: [Vectors.standardSecret], now: standardNow
            ).get()
        }
        let github = String(Vectors.githubSignature.dropLast()) + "6"
        #expect(throws: SignatureFailure.self) {
            try verify(
                .github, ["x-hub-signature-256": github], Vectors.githubBody, secrets: [Vectors.githubSecret], now: 0
            ).get()
        }
        let slack = String(Vectors.slackSignature.dropLast()) + "2"
        #expect(throws: SignatureFailure.self) {
            try verify(
                .slack, slackHeaders(signature: slack), Vectors.slackBody, secrets: [Vectors.slackSecret], now: slackNow
            ).get()
        }
    }

    @Test func oneGoodSignatureAmongSeveralIsEnough() throws {
        let header = "v1,Zm9vYmFy v1a,irrelevant " + Vectors.standardSignature + " v2,whatever"
        let result = verify(
            .standard, standardHeaders(signature: header), Vectors.standardBody, secrets: [Vectors.standardSecret],
            now: standardNow)
        #expect(try result.get().deliveryID == Vectors.standardID)
        let onlyBad = "v1,Zm9vYmFy v1,YmFyYmF6"
        #expect(throws: SignatureFailure.self) {
            try verify(
                .standard, standardHeaders(signature: onlyBad), Vectors.standardBody, secrets: [Vectors.standardSecret],
                now: standardNow
            ).get()
        }
    }

    @Test func anyOfSeveralSecretsVerifiesForRotation() throws {
        let secrets = ["whsec_" + Data("the old one".utf8).base64EncodedString(), Vectors.standardSecret]
        #expect(throws: Never.self) {
            try verify(.standard, standardHeaders(), Vectors.standardBody, secrets: secrets, now: standardNow).get()
        }
        #expect(throws: Never.self) {
            try verify(
                .github, ["x-hub-signature-256": Vectors.githubSignature], Vectors.githubBody,
                secrets: ["old", Vectors.githubSecret], now: 0
            ).get()
        }
        #expect(throws: SignatureFailure.self) {
            try verify(
                .github, ["x-hub-signature-256": Vectors.githubSignature], Vectors.githubBody,
                secrets: ["old", "older"], now: 0
            ).get()
        }
    }

    @Test(arguments: [(-300.0, true), (300.0, true), (-301.0, false), (301.0, false)])
    func timestampsJustInsideAndOutsideTheWindow(offset: Double, accepted: Bool) {
        let standard = verify(
            .standard, standardHeaders(), Vectors.standardBody, secrets: [Vectors.standardSecret],
            now: standardNow + offset)
        let slack = verify(
            .slack, slackHeaders(), Vectors.slackBody, secrets: [Vectors.slackSecret], now: slackNow + offset)
        #expect(((try? standard.get()) != nil) == accepted)
        #expect(((try? slack.get()) != nil) == accepted)
    }

    @Test(arguments: [
        ["webhook-timestamp": "1614265330", "webhook-signature": Vectors.standardSignature],
        ["webhook-id": "", "webhook-timestamp": "1614265330", "webhook-signature": Vectors.standardSignature],
        ["webhook-id": "x", "webhook-timestamp": "-1614265330", "webhook-signature": Vectors.standardSignature],
        ["webhook-id": "x", "webhook-timestamp": "1614265330.5", "webhook-signature": Vectors.standardSignature],
        ["webhook-id": "x", "webhook-timestamp": "", "webhook-signature": Vectors.standardSignature],
        ["webhook-id": "x", "webhook-timestamp": "1614265330"],
        ["webhook-id": "x", "webhook-timestamp": "1614265330", "webhook-signature": ""],
        ["webhook-id": "x", "webhook-timestamp": "1614265330", "webhook-signature": "v1,"],
        ["webhook-id": "x", "webhook-timestamp": "1614265330", "webhook-signature": "v1,@@@not-base64@@@"],
        [
            "webhook-id": "x", "webhook-timestamp": "1614265330",
            "webhook-signature": "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        ],
    ])
    func malformedStandardHeadersFail(headers: [String: String]) {
        #expect(throws: SignatureFailure.self) {
            try verify(.standard, headers, Vectors.standardBody, secrets: [Vectors.standardSecret], now: standardNow)
                .get()
        }
    }

    @Test(arguments: [
        "", "sha256=", "sha256=xyz", "sha1=757107ea0eb2509fc211221cce984b8a37570b6d", "sha256=757107ea",
        "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    ])
    func malformedGitHubHeadersFail(value: String) {
        #expect(throws: SignatureFailure.self) {
            try verify(
                .github, ["x-hub-signature-256": value], Vectors.githubBody, secrets: [Vectors.githubSecret], now: 0
            ).get()
        }
    }

    @Test(arguments: [
        ("", Vectors.slackSignature), ("abc", Vectors.slackSignature), (Vectors.slackTimestamp, ""),
        (Vectors.slackTimestamp, "v1=a2114d57"), (Vectors.slackTimestamp, "v0=zz"),
    ])
    func malformedSlackHeadersFail(timestamp: String, signature: String) {
        #expect(throws: SignatureFailure.self) {
            try verify(
                .slack, slackHeaders(signature: signature, timestamp: timestamp), Vectors.slackBody,
                secrets: [Vectors.slackSecret], now: slackNow
            ).get()
        }
    }

    @Test func emptyAndMalformedSecretsAreRefused() {
        #expect(SigningSecret("") == nil)
        #expect(SigningSecret("whsec_") == nil)
        #expect(SigningSecret("whsec_!!!") == nil)
        #expect(throws: SignatureFailure.self) {
            try verify(
                .github, ["x-hub-signature-256": Vectors.githubSignature], Vectors.githubBody, secrets: [], now: 0
            ).get()
        }
    }

    @Test func constantTimeEqualityCompares() {
        #expect(WebhookVerifier.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!WebhookVerifier.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!WebhookVerifier.constantTimeEqual([1, 2, 3], [1, 2]))
    }
}
