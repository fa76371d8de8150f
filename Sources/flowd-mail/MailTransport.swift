import Foundation

/// How a message leaves this machine. `deliver` returns once the receiving side has taken responsibility for it
/// (SMTP: the 250 after DATA; sendmail: exit status 0).
protocol MailTransport {
    func deliver(_ mail: OutgoingMail) async throws
    /// After the last message.
    func finish() async
}
