/// What a command sink's exit and last line of output mean. Exit 0 is success; a last line that begins `skipped:`
/// says the sink took the notification and it reached nobody (flowd-mail: no one it concerns has an address), which
/// `flowctl status` and `flowctl deliveries` count apart from the deliveries that reached someone.
public enum CommandOutcome {
    public static let skippedPrefix = "skipped:"

    public static func isSkipped(lastLine: String?) -> Bool {
        lastLine?.hasPrefix(skippedPrefix) == true
    }
}
