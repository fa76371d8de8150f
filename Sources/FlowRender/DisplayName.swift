/// A user name as pages, mail and chat show it to people: "carl" as "Carl". The name stays the config's own; only
/// its first letter is raised.
public func displayName(_ name: some StringProtocol) -> String { name.prefix(1).uppercased() + name.dropFirst() }
