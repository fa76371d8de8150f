import FlowRender
public import Foundation

/// The first picture of a post, shown small in the mail as an inline attachment: its bytes as stored (flowd-mail
/// reads them from the media directory and checks them against their hash), never decoded or scaled, and only up
/// to `maxBytes`; a larger one, or a video first, is named, not attached. The mail says how many more there are.
public struct MailPicture: Sendable {
    public var bytes: Data
    public var mimeType: String
    public var width: Int
    public var height: Int
    public var alt: String

    /// An inline picture larger than this stays on the review page: a notification must stay a small mail.
    public static let maxBytes = 1 << 20

    /// The types a mail shows inline: the still pictures flowd takes.
    static let shown = ["jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"]

    /// The first medium of `media` as an inline picture, when it is a picture `load` finds within the bound.
    public static func first(
        of media: [MailEnvelope.Medium], load: (String) -> Data?
    ) -> MailPicture? {
        guard let medium = media.first, let sha256 = medium.sha256, let type = medium.type,
            let mimeType = shown[type], (medium.bytes ?? Int.max) <= maxBytes, let bytes = load(sha256),
            bytes.count <= maxBytes
        else { return nil }
        return MailPicture(
            bytes: bytes, mimeType: mimeType, width: medium.width ?? 0, height: medium.height ?? 0,
            alt: medium.alt ?? "")
    }

    /// The `<img>` of the HTML part: at most 240 pixels wide, at the picture's own ratio.
    func html(cid: String) -> String {
        let width = min(240, max(1, self.width))
        let height = self.width > 0 ? max(1, self.height * width / self.width) : width
        return #"<p><img src="cid:\#(cid)" width="\#(width)" height="\#(height)" alt="\#(TextEscaping.html(alt))" "#
            + #"style="border-radius:6px"></p>"#
    }

    /// The MIME part, base64 in lines of 76.
    func part(cid: String) -> [String] {
        let name = "1." + (mimeType.split(separator: "/").last.map(String.init) ?? "bin")
        return [
            "Content-Type: \(mimeType)", "Content-Transfer-Encoding: base64", "Content-ID: <\(cid)>",
            "Content-Disposition: inline; filename=\"\(name)\"", "",
            bytes.base64EncodedString(options: [
                .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
            ]),
        ]
    }
}
