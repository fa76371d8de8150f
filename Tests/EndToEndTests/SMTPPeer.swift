import Foundation
import Testing

private let peerScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Browser/smtp_peer.py").path

/// A small SMTP server (Browser/smtp_peer.py) for what a real MTA does not do on cue: refuse a recipient once,
/// offer STARTTLS with a test certificate, ask for AUTH, know no EHLO. It delivers nothing; it logs.
final class SMTPPeer {
    let port = testPort()
    let log = NSTemporaryDirectory() + "flowd-smtp-peer-" + UUID().uuidString.prefix(8) + ".jsonl"
    private let process = Process()

    init(_ options: [String] = []) throws {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", peerScript, "\(port)", log] + options
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try #require(waitUntil(10) { listening(port) }, "the SMTP peer does not listen on \(port)")
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: log)
    }

    var events: [[String: Any]] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// The recipients of the messages it took, one entry a message.
    var recipients: [String] {
        events.filter { $0["event"] as? String == "message" }.flatMap { $0["to"] as? [String] ?? [] }
    }
}
