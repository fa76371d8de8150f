import FlowCore
import FlowRender
import Mustache

/// The review pages' escape. swift-mustache's own HTML type escapes per `Character`, and a grapheme cluster can
/// swallow a `<` (`U+0600` before it, a combining mark after a `>`), so user text could put live markup on a
/// client's page. The layout selects this type with `{{% CONTENT_TYPE: FLOWD_HTML}}` at its top; the pages fill
/// its blocks, which are rendered where the layout places them and so in its type. A template without the layout
/// needs the pragma itself: the page fuzz target (FlowFuzzing) renders every page with hostile text and fails
/// without it.
struct ScalarHTML: MustacheContentType {
    static let name = "FLOWD_HTML"

    func escapeText(_ text: String) -> String { TextEscaping.html(text) }

    /// Registered once, before any template is parsed: the pragma is looked up while parsing.
    static let registered: Void = MustacheContentTypes.register(ScalarHTML(), named: name)
}
