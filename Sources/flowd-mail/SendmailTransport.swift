import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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
