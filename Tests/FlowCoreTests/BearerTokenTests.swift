import FlowCore
import Testing

@Suite struct BearerTokenTests {
    let text = "s3cr3t-Token_0123456789.~+/=="

    @Test func onlyTheExactTokenUnderTheBearerSchemeIsAccepted() throws {
        let token = try BearerToken.parse(text).get()
        #expect(token.accepts(authorization: "Bearer \(text)"))
        #expect(token.accepts(authorization: "bearer \(text)"))
        #expect(token.accepts(authorization: "BEARER  \(text)"))
        for refused in [
            nil, "", "Bearer", "Bearer ", "Bearer \(text)x", "Bearer \(text.dropLast())", "Basic \(text)",
            "Bearer\(text)", "Bearer\t\(text)", "Bearer \(text) extra", "Bearer x\(text)", text,
            "Bearer \(text.uppercased())", "Bearerx \(text)", "Bearer\0\(text)",
        ] {
            #expect(!token.accepts(authorization: refused), "\(refused ?? "nil")")
        }
    }

    @Test func weakOrMalformedTokensAreRefusedWithoutEchoingThem() {
        #expect(BearerToken.parse("") == .failure(.empty))
        #expect(BearerToken.parse("short") == .failure(.tooShort))
        #expect(BearerToken.parse("has a space in it, long enough") == .failure(.notToken68))
        #expect(BearerToken.parse("line\nbreak-0123456789") == .failure(.notToken68))
        #expect(BearerToken.parse("=leading-padding-0123456789") == .failure(.notToken68))
        #expect(BearerToken.parse("padding=in-the-middle-0123") == .failure(.notToken68))
        #expect(BearerToken.parse("ümlaut-0123456789abcdef") == .failure(.notToken68))
        for problem in [BearerToken.Problem.empty, .tooShort, .notToken68] {
            #expect(!problem.description.contains("ümlaut"))
        }
    }

    @Test func itsDescriptionNeverHoldsTheToken() throws {
        let token = try BearerToken.parse(text).get()
        #expect(!"\(token)".contains("s3cr3t"))
        #expect(!String(reflecting: token).contains("s3cr3t"))
        #expect(token == (try BearerToken.parse(text).get()))
        #expect(token != (try BearerToken.parse("x" + text).get()))
    }
}
