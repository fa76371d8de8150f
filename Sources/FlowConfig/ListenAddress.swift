/// A TCP address to listen on.
public struct ListenAddress: Sendable, Equatable {
    public var host: String
    public var port: Int
}
