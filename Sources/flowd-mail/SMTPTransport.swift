import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// SMTP submission to a relay: what works under flowd's unit, whose NoNewPrivileges=yes keeps a setuid or
/// setgid sendmail (exim4's, postfix's postdrop) from writing its queue. One connection carries every message;
/// after a failure that leaves it unusable, the next message gets a new one.
final class SMTPTransport: MailTransport {
    let settings: SMTPSettings
    let sender: String
    private var session: SMTPSession?
    /// Why connecting failed: the messages after it fail with the same reason at once, instead of each waiting
    /// out its own timeout.
    private var broken: (any Error)?

    init(settings: SMTPSettings, sender: String) {
        self.settings = settings
        self.sender = sender
    }

    func deliver(_ mail: OutgoingMail) async throws {
        if let broken { throw broken }
        if let session, !session.usable {
            await session.quit()
            self.session = nil
        }
        let current: SMTPSession
        if let session {
            current = session
        } else {
            do {
                current = try await SMTPSession.open(settings)
            } catch {
                broken = error
                throw error
            }
            session = current
        }
        try await current.send(mail, from: sender)
    }

    func finish() async {
        await session?.quit()
        session = nil
    }
}
