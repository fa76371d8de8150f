import FlowAPI
import Foundation

/// A draft's media for people: one line each, "1  jpeg 1080×1350  245 KB  3f2a9c1d07e4  alt: …".
enum RenderMedia {
    static func line(_ medium: MediumView, position: Int) -> String {
        var shape = "\(medium.type) \(medium.width)×\(medium.height)"
        if let millis = medium.durationMs { shape += " \(seconds(millis))" }
        let alt = medium.alt.isEmpty ? "no alt text" : "alt: " + medium.alt
        return "\(position)  \(shape)  \(size(medium.bytes))  \(medium.sha256.prefix(12))  \(alt)"
    }

    /// `flowctl media 7`: the list, or a word when there is none.
    static func list(_ draft: DraftView) -> String {
        guard !draft.media.isEmpty else {
            return "draft \(draft.id) has no media (flowctl attach \(draft.id) FILE --alt \"…\")"
        }
        let rows = draft.media.enumerated().map { index, medium in
            [
                "\(index + 1)", medium.type, "\(medium.width)×\(medium.height)",
                medium.durationMs.map(seconds) ?? "-", size(medium.bytes), String(medium.sha256.prefix(12)),
                medium.alt.isEmpty ? "(none)" : medium.alt,
            ]
        }
        return Render.table(["#", "TYPE", "PIXELS", "LENGTH", "SIZE", "SHA256", "ALT TEXT"], rows)
    }

    /// After a change to the media: the revision it made and what the draft now carries.
    static func changed(_ draft: DraftView) -> String {
        Render.moved(draft) + "\n" + list(draft)
    }

    /// "245 KB", "3.4 MB", "812 bytes".
    static func size(_ bytes: UInt64) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        if bytes < 1024 * 1024 { return "\(bytes / 1024) KB" }
        let tenths = bytes * 10 / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    static func seconds(_ millis: Int64) -> String {
        "\(millis / 1000).\(millis % 1000 / 100) s"
    }
}
