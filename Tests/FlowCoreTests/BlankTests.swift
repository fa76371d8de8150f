import FlowCore
import Foundation
import Testing

/// `isBlank` is exactly "empty once trimmed of whitespacesAndNewlines", which it replaces on the hot path.
@Suite struct BlankTests {
    @Test func blankAgreesWithFoundationsTrimmingOnEveryScalarOfTheBasicPlane() {
        var disagree: [UInt32] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = " \(Character(scalar))\t"
            if text.isBlank != text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { disagree.append(value) }
        }
        #expect(disagree.isEmpty, "differs on \(disagree.map { String($0, radix: 16) })")
        #expect("".isBlank)
        #expect(" \n\u{3000}".isBlank)
        #expect(!" x ".isBlank)
        #expect("\u{200B}".isBlank, "an invisible comment is no comment")
    }
}
