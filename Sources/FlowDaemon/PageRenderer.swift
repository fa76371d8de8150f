import Crypto
import FlowCore
public import FlowRender
import Foundation
import Mustache

/// The review site's templates and style, loaded once: renders a page's model into a whole HTML document. Apart
/// from the site so that the fuzz targets can render every template without a daemon.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let style: String
    /// `Content-Security-Policy`: nothing external, the one inline style by its hash, forms only to this site.
    let policy: String
    /// The site's style by its hash, as the policy names it.
    let styleSource: String

    /// The templates in `directory` (`*.mustache`, parsed with flowd's own scalar-wise HTML escape) and its
    /// `style.css`.
    public init(directory: String) throws {
        _ = ScalarHTML.registered
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }
        for file in files.sorted() {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        self.library = library
        style = try String(contentsOfFile: directory + "/style.css", encoding: .utf8)
        styleSource = Self.source(style)
        policy = Self.policy(styles: styleSource, media: "")
    }

    /// The policy of a page that shows media: pictures and videos from this site alone, and the page's own frame
    /// stylesheet (`ReviewPage.frameStyle`) by its hash besides the site's; the site's policy without media.
    public func policy(frameStyle: String?) -> String {
        guard let frameStyle else { return policy }
        return Self.policy(
            styles: styleSource + " " + Self.source(frameStyle), media: "img-src 'self'; media-src 'self'; ")
    }

    private static func policy(styles: String, media: String) -> String {
        "default-src 'none'; style-src \(styles); \(media)form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    }

    /// A style element's source expression: the SHA-256 of its text.
    static func source(_ style: String) -> String {
        "'sha256-" + Data(SHA256.hash(data: Data(style.utf8))).base64EncodedString() + "'"
    }

    /// The page as HTML; every value is escaped by the template engine, the style is the site's own.
    public func document(_ template: String, _ page: Any, lang: String) -> String {
        library.render(["lang": lang, "style": style, "page": page], withTemplate: template) ?? ""
    }

    /// The review page for a reader.
    public func review(_ page: ReviewPage) -> String { document("review", page, lang: page.lang) }

    /// A status page (a link that no longer works, an outcome).
    public func status(_ page: StatusPage) -> String { document("status", page, lang: page.lang) }
}
