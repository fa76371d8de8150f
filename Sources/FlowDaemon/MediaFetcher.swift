import AsyncHTTPClient
import FlowCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// Fetches the media webhooks name by address (`media_from`): one HTTP client for the public listener's life, made
/// when it starts and shut down when it stops. Not the notifier's client: that one waits as long as each sink's
/// `timeout` allows (up to ten minutes), while a fetch must give up on a server that stops sending after a short
/// while, and AsyncHTTPClient sets that read timeout per client. Redirects are never followed: the address checked
/// against the source's prefixes is the only one fetched.
struct MediaFetcher: Sendable {
    let client: HTTPClient

    /// How long the server may take to connect, to answer, and between two reads of the body.
    static let connectTimeout = TimeAmount.seconds(10)
    static let readTimeout = TimeAmount.seconds(30)

    init() {
        client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .disallow, timeout: .init(connect: Self.connectTimeout, read: Self.readTimeout)))
    }

    func shutdown() async { try? await client.shutdown() }

    /// GETs `url`: its body, to be streamed, and the length it announces. A status other than 2xx (a redirect
    /// included) and a server that cannot be reached or does not answer in time are refused with the reason.
    func get(_ url: MediaURL) async throws -> (HTTPClientResponse.Body, announcedBytes: Int?) {
        var request = HTTPClientRequest(url: url.text)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "flowd/\(Engine.version)")
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: Self.readTimeout)
        } catch {
            throw Refusal(.invalidRequest, "fetching \(url.shown) failed: \(Self.reason(error))")
        }
        guard (200..<300).contains(response.status.code) else {
            let redirect = (300..<400).contains(response.status.code) ? " (redirects are not followed)" : ""
            throw Refusal(.invalidRequest, "fetching \(url.shown) answered \(response.status.code)\(redirect)")
        }
        return (response.body, response.headers.first(name: "Content-Length").flatMap { Int($0) })
    }

    /// An error of the client in words.
    private static func reason(_ error: any Error) -> String {
        guard let client = error as? HTTPClientError else { return "\(error)" }
        switch client {
        case .connectTimeout, .deadlineExceeded, .readTimeout: return "no answer in time"
        default: return "\(client)"
        }
    }
}
