import FlowFuzzing
import Foundation
import Testing

/// The repository's fuzz/ folder: crashers/<target>/ keeps every input that once crashed a target.
private let fuzzRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("fuzz")

@Suite struct FuzzReplayTests {
    @Test(arguments: FuzzTargets.names) func everyKeptCrasherRunsClean(target: String) throws {
        let directory = fuzzRoot.appendingPathComponent("crashers/\(target)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }
        for file in files {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            FuzzTargets.run(target, Array(bytes))
        }
    }

    @Test func theTargetsTakeTheirSeedsAndHostileInputs() {
        let seeds: [(String, String)] = [
            (
                "signatures",
                "msg_p5jXN8AQM9LWM0D4loKWxJek\u{0}1614265330\u{0}v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n{\"test\": 2432232314}"
            ),
            ("signatures", "\u{0}\u{0}\u{0}\n"), ("signatures", "a\u{0}99999999999999999999\u{0}v1,\n"),
            ("signatures", "x\u{0}-1\u{0}sha256=zz\nbody"),
            ("bodies", #"{"client": "acme", "title": "T", "publish_at": "2026-13-45T99:99:99Z"}"#),
            ("bodies", #"{"draft": 1, "action": "publish"}"#),
            ("bodies", "payload=%7B%22type%22%3A%22block_actions%22%7D"),
            ("bodies", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["),
            ("config", "[daemon]\nsocket = 1\n"), ("config", "[[users]]\nname = \"a\"\n[[notify]]\nname = 3\n"),
            ("config", "[lanes.normal]\nladder = [ { after = \"1h\", action = \"remind\", every = \"0s\" } ]\n"),
        ]
        for (target, text) in seeds { FuzzTargets.run(target, Array(text.utf8)) }
        #expect(FuzzTargets.names.count == 3)
    }
}
