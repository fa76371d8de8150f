import Foundation

/// One message MailNotice wrote, with what the envelope and the delivered log need from its header: the
/// recipient (its only To:, a plain `local@domain`) and its Message-ID, which stays the same when flowd retries.
struct OutgoingMail: Sendable {
    var recipient: String
    var messageID: String
    var text: String
    /// The flowd name of the person it is for.
    var person = ""

    /// nil for text without a To: or Message-ID: field in its header.
    init?(_ text: String, person: String = "") {
        self.person = person
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        var recipient: String?
        var messageID: String?
        // Only whole lines of the header count: a folded continuation starts with white space, never a name.
        for line in text[..<end.lowerBound].split(separator: "\r\n") {
            if line.hasPrefix("To: ") { recipient = String(line.dropFirst(4)) }
            if line.hasPrefix("Message-ID: ") { messageID = String(line.dropFirst(12)) }
        }
        guard let recipient, !recipient.isEmpty, let messageID, !messageID.isEmpty else { return nil }
        self.recipient = recipient
        self.messageID = messageID
        self.text = text
    }
}
