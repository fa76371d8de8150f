import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A failure to start, with a message fit for the operator.
public struct StartupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
