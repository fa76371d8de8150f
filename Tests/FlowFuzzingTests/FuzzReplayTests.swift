import FlowFuzzing
import Foundation
import Testing

/// The repository's fuzz/ folder: crashers/<target>/ keeps every input that once crashed a target.
private let fuzzRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("fuzz")

/// Standard Webhooks' own example: signed with the first secret the signature target's verifier knows.
private let signedExample =
    "msg_p5jXN8AQM9LWM0D4loKWxJek\u{0}1614265330\u{0}v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n{\"test\": 2432232314}"

@Suite struct FuzzReplayTests {
    /// A crash inside a target still takes the test process down (and fails the run); what a target only notices,
    /// such as the signature oracle catching a forged signature accepted, is reported here per file.
    @Test(arguments: FuzzTargets.names) func everyKeptCrasherRunsClean(target: String) throws {
        let directory = fuzzRoot.appendingPathComponent("crashers/\(target)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }
        for file in files.sorted() {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            let violation = FuzzTargets.check(target, Array(bytes))
            #expect(violation == nil, "fuzz/crashers/\(target)/\(file): \(violation ?? "")")
        }
    }

    /// The seeds scripts/fuzz starts from are inputs every target must take as well.
    @Test(arguments: FuzzTargets.names) func everySeedRunsClean(target: String) throws {
        let directory = fuzzRoot.appendingPathComponent("seeds/\(target)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }
        #expect(!files.isEmpty, "fuzz/seeds/\(target) holds no seed")
        for file in files.sorted() {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            let violation = FuzzTargets.check(target, Array(bytes))
            #expect(violation == nil, "fuzz/seeds/\(target)/\(file): \(violation ?? "")")
        }
    }

    @Test func theTargetsTakeTheirSeedsAndHostileInputs() {
        let seeds: [(String, String)] = [
            ("signatures", signedExample),
            ("signatures", "\u{0}\u{0}\u{0}\n"), ("signatures", "a\u{0}99999999999999999999\u{0}v1,\n"),
            ("signatures", "x\u{0}-1\u{0}sha256=zz\nbody"),
            ("bodies", #"{"client": "acme", "title": "T", "publish_at": "2026-13-45T99:99:99Z"}"#),
            ("bodies", #"{"draft": 1, "action": "publish"}"#),
            ("bodies", "payload=%7B%22type%22%3A%22block_actions%22%7D"),
            ("bodies", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["),
            ("config", "[daemon]\nsocket = 1\n"), ("config", "[[users]]\nname = \"a\"\n[[notify]]\nname = 3\n"),
            ("config", "[lanes.normal]\nladder = [ { after = \"1h\", action = \"remind\", every = \"0s\" } ]\n"),
            (
                "config",
                "[daemon]\nretention = \"1d\"\n[[notify]]\nname = \"c\"\nformat = \"slack\"\nurl_file = \"/x\"\n"
            ),
            ("limits", String(repeating: "\u{0}\u{1}\u{1}\u{0}\u{2}\u{1}\u{1}\u{1}\u{1}\u{2}\u{0}\u{3D}", count: 40)),
            ("limits", "203.0.113.9, , " + String(repeating: "9", count: 100)),
            (
                "templates",
                "Next update {{eta:time}}: {{url:url:status.acme.com}}\neta=09:30\nurl=https://status.acme.com/1"
            ),
            ("templates", "{{a:text:2}}{{a:text:2}}{{\na=\u{0}b"),
            ("templates", String(repeating: "{{x:url:a.b|c.d}} ", count: 30) + "\nx=https://A.B:443/"),
            ("templates", String(repeating: "€\\;,", count: 100)),
        ]
        for (target, text) in seeds {
            let violation = FuzzTargets.check(target, Array(text.utf8))
            #expect(violation == nil, "\(target): \(violation ?? "")")
        }
        #expect(FuzzTargets.names.count == 10)
    }

    /// The oracle can fail: with secrets other than the verifier's, the signed example is accepted by the verifier
    /// but made by no secret the oracle knows, and `check` must say so. (Fails, too, if the verifier stopped
    /// accepting the example, which would make the first expectation vacuous.)
    @Test func aSignatureNoSecretMadeIsReported() {
        let input = Array(signedExample.utf8)
        #expect(FuzzTargets.check("signatures", input) == nil)
        #expect(
            FuzzTargets.check("signatures", input, signerSecrets: ["not the verifier's secret"])
                == "accepted a standard signature that no secret made")
    }

    @Test func anUnknownTargetIsAViolation() {
        #expect(FuzzTargets.check("nope", []) == "no fuzz target nope")
    }
}
