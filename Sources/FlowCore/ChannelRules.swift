/// The channel table: what each channel takes (`ChannelRule`), seeded from the platforms' documentation
/// (`ChannelTable`). A channel not in the table has no rules, so a channel flowd does not know yet is allowed,
/// unless `refusesUnknown` says otherwise.
public struct ChannelRules: Sendable, Equatable {
    public var rules: [String: ChannelRule]
    public var refusesUnknown: Bool

    public init(_ rules: [ChannelRule], refusesUnknown: Bool = false) {
        self.rules = Dictionary(rules.map { ($0.channel, $0) }, uniquingKeysWith: { _, last in last })
        self.refusesUnknown = refusesUnknown
    }

    public subscript(channel: String) -> ChannelRule? { rules[channel] }

    /// The channel as people write it ("LinkedIn"); its id for a channel the table does not know.
    public func displayName(of channel: String) -> String { rules[channel]?.displayName ?? channel }

    /// The channels as people write them, in their order: "LinkedIn, X".
    public func displayNames(of channels: [String]) -> String {
        channels.map(displayName(of:)).joined(separator: ", ")
    }

    /// The table flowd starts with.
    public static let seeded = ChannelRules(ChannelTable.rows)
}
