struct SendmailError: Error, CustomStringConvertible {
    var description: String
}
