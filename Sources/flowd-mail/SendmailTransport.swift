import FlowProcess
import Foundation
import SystemPackage

/// A sendmail program, for an MTA that needs no privileges to take mail (msmtp, which relays by SMTP itself).
/// The recipient is named on the command line, not read from the header, and the text goes with Unix line ends,
/// as the sendmail interface expects. It runs as a `ChildProgram`: a program that never reads, or never ends, is
/// stopped at the timeout with everything it started.
struct SendmailTransport: MailTransport {
    let program: String
    let sender: String
    let timeout: Double

    func deliver(_ mail: OutgoingMail) async throws {
        let text = Array(mail.text.replacingOccurrences(of: "\r\n", with: "\n").utf8)
        let ending = await ChildProgram.run(
            [program, "-oi", "-f", sender, "--", mail.recipient], input: text, environment: nil, in: nil,
            output: try FileDescriptor.open("/dev/null", .writeOnly), timeout: .milliseconds(Int64(timeout * 1000)))
        switch ending {
        case .exited(0): return
        case .exited(let status): throw SendmailError(description: "\(program) exited with \(status)")
        case .signaled(let signal): throw SendmailError(description: "\(program) was killed by signal \(signal)")
        case .timedOut:
            throw SendmailError(description: "\(program) did not finish within \(SMTPError.format(timeout))s")
        case .notStarted(let reason): throw SendmailError(description: "cannot start \(program): \(reason)")
        }
    }

    func finish() async {}
}
