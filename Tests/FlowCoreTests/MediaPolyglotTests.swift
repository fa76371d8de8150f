import FlowCore
import Testing

private typealias S = MediaSamples

/// Files that are valid images and also read as markup to a browser's sniffer are refused, wherever the rule in
/// `MediaSniffer`'s documentation looks.
@Suite struct MediaPolyglotTests {
    @Test(arguments: [
        "<html>", "<SCRIPT src=x>", "<svg onload=alert(1)>", "<!DocType html>", "<?xml ", "<Body>", "<iframe",
    ])
    func aJPEGCommentHoldingMarkupIsRefused(markup: String) throws {
        let polyglot = S.jpeg(extra: [S.segment(0xFE, S.ascii("x */ " + markup + " /*"))])
        #expect(refusal(of: polyglot)?.contains("markup") == true)
        if case .success = sniffInPieces(polyglot, 1) { Issue.record("\(markup) taken fed byte by byte") }
    }

    @Test func markupFarIntoTheFileIsFoundInAnAPPnSegment() throws {
        let padding = S.segment(0xE2, Array(repeating: 0x41, count: 3000))
        let late = S.segment(0xED, Array(repeating: 0x42, count: 2000) + S.ascii("<script>alert(1)</script>"))
        #expect(
            refusal(of: S.jpeg(extra: [padding, late]))?.hasPrefix("a JPEG comment or APPn segment holds markup")
                == true)
    }

    /// Only the first 1024 bytes are read as a browser would: there, markup in any segment, even a table, refuses.
    @Test func markupInTheFirstKilobyteIsRefusedWhateverHoldsIt() throws {
        let table = S.segment(0xDD, S.ascii("<body onload=x>"))
        #expect(refusal(of: S.jpeg(extra: [table]))?.contains("first 1024 bytes") == true)
        let later = S.segment(0xE2, Array(repeating: 0, count: 1100))
        #expect(try facts(of: S.jpeg(extra: [later, S.segment(0xC4, [0] + S.ascii("<body onload=x>"))])).width == 640)
    }

    @Test func markupAfterTheEndIsRefused() throws {
        let html = S.ascii(String(repeating: " ", count: 2000) + "<html><script>alert(1)</script>")
        #expect(refusal(of: S.jpeg(trailer: html)) == "the bytes after the end of the image hold markup (<html)")
        #expect(refusal(of: S.png() + html)?.contains("after the end") == true)
        #expect(refusal(of: S.gif() + html)?.contains("after the end") == true)
        #expect(try facts(of: S.jpeg(trailer: [0, 0, 0x3C])).kind == .jpeg)
    }

    @Test func markupInAPNGTextChunkOrAGIFCommentIsRefused() throws {
        let text = S.chunk(
            "tEXt", S.ascii("Comment\0") + Array(repeating: 0x20, count: 1500) + S.ascii("<svg/onload=x>"))
        #expect(refusal(of: S.png(after: [text]))?.hasPrefix("a PNG tEXt chunk holds markup (<svg)") == true)
        let gif = S.gif(comment: String(repeating: "a", count: 100) + "<IFRAME src=x>")
        #expect(refusal(of: gif + [])?.contains("markup") == true)
    }

    @Test func aTokenSplitAcrossPiecesIsStillFound() throws {
        let trailer = S.ascii(String(repeating: " ", count: 1500) + "<script>")
        let bytes = S.png() + trailer
        for piece in [1, 2, 3, 5, 8, 13] {
            if case .success = sniffInPieces(bytes, piece) { Issue.record("taken in pieces of \(piece)") }
        }
    }
}
