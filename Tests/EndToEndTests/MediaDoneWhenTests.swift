import Foundation
import Testing

/// What headless Chromium saw of a review page's media at a phone's size (Tests/Browser/media_review.py).
struct MediaVisit: Decodable {
    struct Box: Decodable {
        var width: Double
        var height: Double
    }
    struct Element: Decodable {
        var tag: String
        var src: String
        var alt: String
        var naturalWidth: Int?
        var naturalHeight: Int?
        var controls: Bool?
        var videoWidth: Int?
        var box: Box
    }
    struct Medium: Decodable {
        var element: Element
        var caption: String
    }
    struct Feed: Decodable {
        var name: String
        var frameClass: String
        var frame: Box
        var element: Element
        var text: String
    }
    struct After: Decodable {
        var h1: String
    }
    var media: [Medium]
    var feeds: [Feed]
    var pageWidth: Int
    var viewportWidth: Int
    var h1: String
    var text: String
    var after: After?
    var shots: [String]
}

/// Issue 31's "Done when", end to end with the built binaries and a real browser: ana's post for LinkedIn and
/// Instagram with two pictures and a video is refused at submit until the Instagram ratio fits and every medium has
/// its alt text; carl opens his own link on a phone and sees each channel's frame, approves there, and the
/// publisher's `approved` notification fetches exactly the bytes whose hashes were approved, until the post is out.
@Suite(.serialized) struct MediaDoneWhenEndToEnd {
    static let pictures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Browser/pictures.py").path
    static let visit = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Browser/media_review.py").path

    /// acme's normal lane requires alt text; review links are on; a command sink appends every `submitted` and
    /// `approved` payload, one a line, to `outbox`, as a mailer or a publisher's script would take them.
    static func daemon(port: Int, outbox: String) throws -> RunningDaemon {
        try RunningDaemon(
            users: RunningDaemon.standardUsers + "[clients.lanes.normal]\nrequire_alt_text = true\n",
            extra: """
                [webhooks]
                listen = "127.0.0.1:\(port)"
                public_url = "http://127.0.0.1:\(port)"

                [[notify]]
                name = "publisher"
                command = ["/bin/sh", "-c", "cat >> \(outbox); echo >> \(outbox)"]
                events = ["submitted", "approved"]
                """)
    }

    /// The payloads of `type` the sink has received so far.
    static func received(_ outbox: String, _ type: String) -> [[String: Any]] {
        let lines = ((try? String(contentsOfFile: outbox, encoding: .utf8)) ?? "").split(separator: "\n")
        return lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["type"] as? String == type }
    }

    @Test func anaAttachesCarlApprovesOnHisPhoneAndThePublisherFetchesTheApprovedBytes() throws {
        let port = testPort()
        let outbox = NSTemporaryDirectory() + "flowd-outbox-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: outbox) }
        let daemon = try Self.daemon(port: port, outbox: outbox)
        try daemon.start()
        defer { _ = daemon.stop() }
        let id = try Self.anaPreparesAndSubmits(daemon)

        #expect(daemon.waitFor(10) { !Self.received(outbox, "draft.submitted").isEmpty }, "no submitted notice")
        let submitted = try #require(Self.received(outbox, "draft.submitted").first?["data"] as? [String: Any])
        let link = try #require((submitted["links"] as? [String: String])?["carl"], "carl's link in his notice")
        #expect(link.hasPrefix("http://127.0.0.1:\(port)/r/"))
        let revision = try #require(try daemon.json(["show", "\(id)"])["revision"] as? Int)
        try Self.carlApprovesOnHisPhone(link, revision: revision)
        #expect(try daemon.json(["show", "\(id)"])["state"] as? String == "approved")

        #expect(daemon.waitFor(10) { !Self.received(outbox, "draft.approved").isEmpty }, "no approved notice")
        try Self.publisherFetchesTheApprovedBytes(daemon, draft: id, outbox: outbox)
    }
}

extension MediaDoneWhenEndToEnd {
    static let body = """
        Meet us at the fair in hall 4, stand 12: from May 1 we show the new ACME line, with a demo every hour and \
        the team on stage at noon. Bring your questions about the launch; we bring coffee and answers. Book a slot \
        at the stand today.

        #fair #launch
        """
    /// The alt texts of the three media as they are at submit.
    static let alts = ["Our stand at the fair, hall 4", "The team on stage", "Ten seconds of the opening"]

    /// Pictures written by Pillow into the daemon's directory, readable by every person's uid.
    static func pictures(_ daemon: RunningDaemon, _ specs: [(String, String)]) throws -> [String] {
        let paths = specs.map { daemon.directory + "/" + $0.0 }
        let made = try runProgram(
            "/usr/bin/env", ["python3", pictures] + zip(paths, specs).map { "\($0)=\($1.1)" })
        #expect(made.code == 0, "\(made.stderr)")
        for path in paths { chmod(path, 0o644) }
        return paths
    }

    /// Ana's post with a 9:16 picture, a 3:2 one and a video, refused until the first fits Instagram's feed and
    /// every medium has its alt text, then in review. Each refusal changes nothing.
    static func anaPreparesAndSubmits(_ daemon: RunningDaemon) throws -> Int {
        let files = try pictures(
            daemon, [("tall.jpg", "360x640:9:16"), ("wide.jpg", "900x600:3:2"), ("portrait.jpg", "540x675:4:5")])
        let video = try MediaEndToEnd.file(daemon, "faststart.mp4")
        let created = try daemon.json([
            "--as", "ana", "new", "--client", "acme", "--title", "Fair", "--body", body, "--channel", "linkedin",
            "--channel", "instagram",
        ])
        let id = try #require(created["id"] as? Int)
        for (file, alt) in [(files[0], "The stand, upright"), (files[1], ""), (video, "")] {
            let attached = try daemon.ctl(
                ["--as", "ana", "attach", "\(id)", file] + (alt.isEmpty ? [] : ["--alt", alt]))
            #expect(attached.code == 0, "\(attached.stderr)")
        }
        let before = try daemon.ctl(["show", "\(id)", "--json"]).stdout
        let tooTall = try daemon.ctl(["--as", "ana", "submit", "\(id)"])
        #expect(tooTall.code != 0)
        #expect(
            tooTall.stderr.contains(
                "draft \(id) does not fit its channels: instagram: medium 1 is 360×640 (9:16), outside 4:5 to 191:100"),
            "\(tooTall.stderr)")
        #expect(!tooTall.stderr.contains("linkedin:"), "LinkedIn takes the tall picture")
        #expect(try daemon.ctl(["show", "\(id)", "--json"]).stdout == before)

        #expect(try daemon.ctl(["--as", "ana", "detach", "\(id)", "1"]).code == 0)
        let replaced = try daemon.ctl(["--as", "ana", "attach", "\(id)", files[2], "--at", "1", "--alt", alts[0]])
        #expect(replaced.code == 0, "\(replaced.stderr)")
        let noAlt = try daemon.ctl(["--as", "ana", "submit", "\(id)"])
        #expect(noAlt.code != 0)
        #expect(
            noAlt.stderr.contains(
                "draft \(id): the lane normal requires alt text on every medium; media 2, 3 have none "
                    + "(flowctl alt \(id) 2 \"…\")"), "\(noAlt.stderr)")
        #expect(try daemon.json(["show", "\(id)"])["state"] as? String == "draft")

        for position in [2, 3] {
            #expect(try daemon.ctl(["--as", "ana", "alt", "\(id)", "\(position)", alts[position - 1]]).code == 0)
        }
        let submitted = try daemon.ctl(["--as", "ana", "submit", "\(id)"])
        #expect(submitted.code == 0, "\(submitted.stderr)")
        return id
    }

    /// Carl's own link in headless Chromium at 390×844: every medium with its alt text, each channel's frame with
    /// the first picture loaded at its ratio and the text cut where the feed cuts it, nothing wider than the phone;
    /// then he approves there.
    static func carlApprovesOnHisPhone(_ link: String, revision: Int) throws {
        let outcome = try runProgram(
            "/usr/bin/env",
            ["python3", visit, link, "--shots", screenshotDirectory, "--name", "media-done-when", "--approve"])
        try #require(outcome.code == 0, "\(outcome.stderr)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let seen = try decoder.decode(MediaVisit.self, from: Data(outcome.stdout.utf8))
        for shot in seen.shots { print("screenshot: \(shot)") }
        #expect(seen.h1 == "For your review: ACME")
        #expect(seen.media.map(\.element.tag) == ["img", "img", "video"])
        #expect(seen.media.map(\.element.alt) == alts)
        for (medium, alt) in zip(seen.media, alts) {
            #expect(medium.caption == "Alt text: \(alt)", "the alt text is shown, not only in the attribute")
            #expect(medium.element.box.width > 0 && medium.element.box.width <= 390)
        }
        #expect(seen.media.prefix(2).map { $0.element.naturalWidth } == [540, 900], "both pictures loaded")
        let video = seen.media[2].element
        #expect(video.controls == true && video.src.hasSuffix("/media/3"))
        #expect(video.videoWidth == 64, "Chromium read the video's frames through the link")
        #expect(
            video.box.width == seen.media[0].element.box.width, "the video is as wide as the post: its controls fit")
        #expect(seen.feeds.map(\.name) == ["LinkedIn", "Instagram"])
        for feed in seen.feeds {
            #expect(feed.element.tag == "img" && feed.element.naturalWidth == 540, "\(feed.name): picture loaded")
            #expect(feed.element.alt == alts[0])
            #expect(abs(feed.frame.height / feed.frame.width - 1.25) < 0.02, "\(feed.name): a 4:5 frame")
            #expect(feed.text.hasSuffix("…more"), "\(feed.name): \(feed.text)")
        }
        #expect((seen.feeds.first?.text.count ?? 0) > (seen.feeds.last?.text.count ?? 0), "Instagram cuts sooner")
        #expect(seen.pageWidth <= seen.viewportWidth, "nothing is wider than the phone")
        #expect(seen.after?.h1 == "Thank you: you approved revision \(revision).")
    }

    /// The `approved` notice lists each medium with the hash that `show` gives for the approved revision, and its
    /// address serves exactly those bytes until the post is published.
    static func publisherFetchesTheApprovedBytes(_ daemon: RunningDaemon, draft id: Int, outbox: String) throws {
        let notice = try #require(received(outbox, "draft.approved").first?["data"] as? [String: Any])
        let media = try #require((notice["draft"] as? [String: Any])?["media"] as? [[String: Any]])
        let shown = try daemon.json(["show", "\(id)"])
        let approved = (shown["media"] as? [[String: Any]] ?? []).compactMap { $0["sha256"] as? String }
        #expect(approved.count == 3)
        #expect(media.compactMap { $0["sha256"] as? String } == approved)
        #expect(media.compactMap { $0["alt"] as? String } == alts)
        var urls: [String] = []
        for medium in media {
            let hash = try #require(medium["sha256"] as? String)
            let url = try #require(medium["url"] as? String)
            #expect(url.contains("/p/\(id)/\(hash)/"), "\(url)")
            let (status, headers, body) = try fetchBytes(url)
            #expect(status == 200)
            #expect(headers["content-type"] == medium["mime_type"] as? String)
            #expect(body.count == medium["bytes"] as? Int)
            let written = daemon.directory + "/fetched-" + hash.prefix(12)
            try body.write(to: URL(fileURLWithPath: written))
            #expect(try MediaEndToEnd.sha256(written) == hash, "the publisher gets the bytes that were approved")
            urls.append(url)
        }
        let hash = try #require(shown["content_hash"] as? String)
        let published = try daemon.ctl(["--as", "pia", "publish", "\(id)", "--hash", hash])
        #expect(published.code == 0, "\(published.stderr)")
        #expect(try urls.map { try fetchBytes($0).0 } == [404, 404, 404], "published: the addresses are gone")
    }
}
