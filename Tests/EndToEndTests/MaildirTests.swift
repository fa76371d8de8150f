import Foundation
import Testing

/// flowd-mail --maildir, the built binary under NoNewPrivileges as the unit runs it: a message per person with an
/// address into their own Maildir (whole, in new/), and a notification that reaches nobody said so on its last line.
@Suite struct MaildirEndToEnd {
    func envelope(_ people: [[String: Any]]) throws -> String {
        let json: [String: Any] = [
            "type": "draft.submitted",
            "data": [
                "draft": ["title": "Launch", "client": "acme", "client_name": "ACME"], "event": ["actor": "ana"],
                "notify": people, "links": ["carl": "http://127.0.0.1:8787/r/abc"],
            ] as [String: Any],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
    }

    func mail(_ input: String, into root: String) throws -> Outcome {
        try runProgram(
            "/usr/bin/setpriv",
            [
                "--no-new-privs", "--", binDirectory + "/flowd-mail", "--from", "flowd@agency.example", "--maildir",
                root,
            ],
            stdin: input, environment: ["WEBHOOK_ID": "msg_1"])
    }

    @Test func eachPersonsMailLandsWholeInTheirMaildirAndNobodyIsSaid() throws {
        let parent = NSTemporaryDirectory() + "flowd-maildir-" + UUID().uuidString.prefix(8)
        let root = parent + "/mail"
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let sent = try mail(
            try envelope([
                ["name": "carl", "email": "carl@acme.example"], ["name": "nomail"],
                ["name": "carl2", "email": "carl@globex.example"],
            ]), into: root)
        #expect(sent.code == 0, "\(sent.stderr)")
        #expect(sent.stdout == "mailed carl@acme.example, carl@globex.example\n")
        // A Maildir per person, by flowd name: two addresses with one local part never share one.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/carl2/new").count == 1)
        let delivered = try FileManager.default.contentsOfDirectory(atPath: root + "/carl/new")
        #expect(delivered.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/carl/tmp").isEmpty, "nothing half-written")
        let text = try String(contentsOfFile: root + "/carl/new/" + delivered[0], encoding: .utf8)
        #expect(
            text.contains("To: carl@acme.example\n") && !text.contains("\r\n"), "Unix line ends, as a reader expects")
        let attributes = try FileManager.default.attributesOfItem(atPath: root + "/carl")
        #expect((attributes[.posixPermissions] as? Int) == 0o700, "a mailbox is its person's")

        let nobody = try mail(try envelope([["name": "nomail"]]), into: root)
        #expect(nobody.code == 0 && nobody.stdout.hasPrefix("skipped: nobody to mail"), "\(nobody.stdout)")
        // An address whose local part is no directory name is refused, and the retry is flowd's.
        let odd = try mail(try envelope([["name": "../x", "email": "x@acme.example"]]), into: root)
        #expect(odd.code == 75 && odd.stderr.contains("no mailbox name"), "\(odd.stderr)")
        #expect(!FileManager.default.fileExists(atPath: parent + "/x"))
        // A mailbox someone replaced by a link is refused, and nothing is written through it.
        try FileManager.default.removeItem(atPath: root + "/carl2")
        try FileManager.default.createDirectory(atPath: parent + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/carl2", withDestinationPath: parent + "/elsewhere")
        let planted = try mail(try envelope([["name": "carl2", "email": "carl@globex.example"]]), into: root)
        #expect(planted.code == 75 && planted.stderr.contains("not a directory of this user's"), "\(planted.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent + "/elsewhere").isEmpty)
    }
}
