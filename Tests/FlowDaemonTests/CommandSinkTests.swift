import Foundation
import Testing

@testable import FlowDaemon

/// How a command sink's run ends, as `flowctl deliveries` reports it.
@Suite struct CommandSinkTests {
    func run(_ argv: [String], input: Int = 16) async -> Notifier.Outcome {
        await CommandSink.run(
            argv, input: [UInt8](repeating: 65, count: input), environment: CommandSink.baseEnvironment,
            in: NSTemporaryDirectory(), timeout: 10)
    }

    @Test func aProgramThatIsNotThereCannotStart() async {
        let outcome = await run(["/nonexistent/relay"])
        #expect(outcome.error?.hasPrefix("cannot start /nonexistent/relay: ") == true, "\(outcome)")
    }

    /// Far more than a pipe holds, never read: the write fails, flowd lives on (no SIGPIPE) and the exit decides.
    @Test func aCommandThatNeverReadsItsInputIsJudgedByItsExit() async {
        let outcome = await run(["/bin/sh", "-c", "echo never read"], input: 1 << 20)
        #expect(outcome.error == nil && outcome.commandSaid == "exit 0: never read", "\(outcome)")
        let failed = await run(["/bin/sh", "-c", "echo no relay; exit 3"], input: 1 << 20)
        #expect(failed.error == "/bin/sh exited with 3: no relay", "\(failed)")
    }

    @Test func aCommandKilledBySignalSaysWhich() async {
        let outcome = await run(["/bin/sh", "-c", "kill -9 $$"])
        #expect(outcome.error == "/bin/sh was killed by signal 9", "\(outcome)")
    }
}
