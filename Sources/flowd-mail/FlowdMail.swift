import ArgumentParser
import FlowCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// flowd-mail: a `[[notify]] command` sink that turns a notification into mail. It reads flowd's JSON envelope on
/// standard input and, for each person it names who has an e-mail address, hands one multipart message (plain
/// text and HTML, in that person's language, with their review link) to `sendmail -t`, the interface every
/// Debian MTA provides. Exit 0 once every message was handed over; anything else and flowd retries the row.
@main
struct FlowdMail: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flowd-mail",
        abstract: "Send flowd notifications as mail through sendmail -t (a [[notify]] command sink).",
        discussion: """
            [[notify]]
            name = "mail"
            command = ["/usr/local/bin/flowd-mail", "--from", "flowd@agency.example"]
            events = ["submitted", "reminder", "escalated", "changes_requested", "approved"]
            """)

    @Option(help: "The From address.") var from: String = "flowd@localhost"
    @Option(help: "The sendmail program (any MTA's sendmail interface).") var sendmail: String = "/usr/sbin/sendmail"

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        guard input.count <= 1 << 20, let envelope = try? JSONSerialization.jsonObject(with: input) as? [String: Any]
        else {
            throw ValidationError("standard input is not a flowd notification (JSON, at most 1 MiB)")
        }
        let mails = MailNotice(envelope: envelope).messages(
            from: from, webhookID: ProcessInfo.processInfo.environment["WEBHOOK_ID"])
        for mail in mails { try deliver(mail) }
    }

    func deliver(_ message: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sendmail)
        process.arguments = ["-t", "-oi"]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(message.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            FileHandle.standardError.write(Data("flowd-mail: \(sendmail) exited \(process.terminationStatus)\n".utf8))
            throw ExitCode(75)
        }
    }
}
