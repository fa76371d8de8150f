import FlowCore
import Foundation

/// Why a hand decoder refused a body: the error code the control API answers with and a message naming the field.
public struct WireDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String

    public var description: String { message }

    /// Not JSON, or not an object where one belongs.
    public static func malformed(_ why: String) -> WireDecodingError {
        WireDecodingError(code: .badJSON, message: "malformed JSON: \(why)")
    }

    /// JSONSerialization's refusal, in its own words ("Unexpected end of file during JSON parse.").
    public static func malformed(by error: any Error) -> WireDecodingError {
        malformed((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not JSON")
    }

    public static func missing(_ key: String) -> WireDecodingError {
        WireDecodingError(code: .badJSON, message: "missing field \(quoted(key))")
    }

    public static func wrongType(_ key: String, expected: String) -> WireDecodingError {
        WireDecodingError(code: .badJSON, message: "wrong type: \(quoted(key)) must be \(expected)")
    }

    /// A key the request type does not have: refused, so that a misspelt or newer field never passes unread.
    public static func unknown(_ key: String) -> WireDecodingError {
        WireDecodingError(code: .invalidRequest, message: "unknown field \(quoted(key))")
    }
}
