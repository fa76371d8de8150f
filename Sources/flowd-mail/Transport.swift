import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How a message leaves this machine. `deliver` returns once the receiving side has taken responsibility for it
/// (SMTP: the 250 after DATA; sendmail: exit status 0).
protocol MailTransport {
    func deliver(_ mail: OutgoingMail) async throws
    /// After the last message.
    func finish() async
}

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

/// A sendmail program, for an MTA that needs no privileges to take mail (msmtp, which relays by SMTP itself).
/// The recipient is named on the command line, not read from the header, and the text goes with Unix line ends,
/// as the sendmail interface expects.
struct SendmailTransport: MailTransport {
    let program: String
    let sender: String
    let timeout: Double

    func deliver(_ mail: OutgoingMail) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-oi", "-f", sender, "--", mail.recipient]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        // Off this thread: a program that never reads must not hold flowd-mail past its timeout.
        let writer = input.fileHandleForWriting
        let text = Data(mail.text.replacingOccurrences(of: "\r\n", with: "\n").utf8)
        DispatchQueue.global().async {
            try? writer.write(contentsOf: text)
            try? writer.close()
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw SendmailError(description: "\(program) did not finish within \(SMTPError.format(timeout))s")
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw SendmailError(description: "\(program) exited with \(process.terminationStatus)")
        }
    }

    func finish() async {}
}

struct SendmailError: Error, CustomStringConvertible {
    var description: String
}
