import Foundation

/// The local mailbox the Debian MTA (exim4, local delivery; scripts/setup installs it) delivers to.
private let mailbox = "/var/mail/flowdmail"
private let mailboxScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Browser/read_mailbox.py").path

struct DeliveredMail: Decodable {
    var subject: String
    var from: String
    var to: String
    var messageId: String
    var contentType: String
    var plain: String
    var html: String

    enum CodingKeys: String, CodingKey {
        case subject, from, to, plain, html
        case messageId = "message_id"
        case contentType = "content_type"
    }
}

func delivered(containing marker: String) throws -> [DeliveredMail] {
    guard FileManager.default.fileExists(atPath: mailbox) else { return [] }
    let outcome = try runProgram("/usr/bin/env", ["python3", mailboxScript, mailbox, marker])
    return (try? JSONDecoder().decode([DeliveredMail].self, from: Data(outcome.stdout.utf8))) ?? []
}
