import FlowCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A medium's file as an answer: sent from the page cache by sendfile(2) (`FileBody`, never read into memory), one
/// byte range at a time for video players, typed by what the sniffer found and never by anything the client
/// said. The answer is inert wherever it is opened: `nosniff` keeps the type, `sandbox` gives a document opened
/// from it no script and no origin, and only this site may embed it.
enum MediaResponse {
    /// How long a browser may reuse what it fetched: short, because the link that allows it may be revoked.
    static let maxAge = 300

    /// `medium`'s file at `path`, whose size is `size`, as `GET` (or, with `head`, `HEAD`) answers it to a
    /// request with `headers`.
    static func make(
        _ medium: Medium, path: String, size: UInt64, request headers: HTTPFields, head: Bool,
        channel: any Channel
    ) async throws -> Response {
        let tag = "\"\(medium.sha256)\""
        var fields = HTTPFields()
        fields[.contentType] = medium.kind.mimeType
        fields[.xContentTypeOptions] = "nosniff"
        fields[.contentSecurityPolicy] = "sandbox"
        fields[.crossOriginResourcePolicy] = "same-origin"
        fields[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        fields[.cacheControl] = "private, max-age=\(maxAge)"
        fields[.acceptRanges] = "bytes"
        fields[.eTag] = tag
        if let match = headers[.ifNoneMatch], match == "*" || match.contains(tag) {
            return Response(status: .notModified, headers: fields)
        }
        // A range against another version of the file than the client holds is answered with the whole file.
        let current = headers[.ifRange].map { $0 == tag } ?? true
        let asked = current ? headers[.range] : nil
        let status: HTTPResponse.Status
        let bytes: ClosedRange<UInt64>?
        switch ByteRange(header: asked, size: size) {
        case .unsatisfiable:
            fields[.contentRange] = "bytes */\(size)"
            fields[.contentLength] = "0"
            return Response(status: .rangeNotSatisfiable, headers: fields)
        case .whole:
            (status, bytes) = (.ok, size > 0 ? 0...(size - 1) : nil)
        case .part(let part):
            fields[.contentRange] = "bytes \(part.lowerBound)-\(part.upperBound)/\(size)"
            (status, bytes) = (.partialContent, part)
        }
        fields[.contentLength] = "\(bytes.map { $0.upperBound - $0.lowerBound + 1 } ?? 0)"
        guard !head, let bytes else { return Response(status: status, headers: fields) }
        fields.append(try await FileBody.send(path, range: bytes, on: channel))
        return Response(status: status, headers: fields)
    }
}
