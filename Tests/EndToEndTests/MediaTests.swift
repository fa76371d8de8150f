import FlowAPI
import Foundation
import Testing

/// Media through the built flowd and flowctl: a file attached is stored once under its hash without its location
/// metadata, each change makes a revision, and every bad upload is refused with its reason, leaving no file and no
/// revision behind.
@Suite struct MediaEndToEnd {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FlowCoreTests/Fixtures").path

    /// A copy of a fixture (or of `bytes`) in the daemon's directory, readable by every person's uid.
    static func file(_ daemon: RunningDaemon, _ name: String, bytes: [UInt8]? = nil) throws -> String {
        let path = daemon.directory + "/upload-" + name
        let data = try bytes.map { Data($0) } ?? Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name))
        try data.write(to: URL(fileURLWithPath: path))
        chmod(path, 0o644)
        return path
    }

    static func sha256(_ path: String) throws -> String {
        let outcome = try runProgram("/usr/bin/sha256sum", [path])
        return String(outcome.stdout.prefix(64))
    }

    /// Every file under the daemon's media directory (or `root`), temporary ones included.
    static func stored(_ daemon: RunningDaemon, root: String? = nil) -> [String] {
        let root = root ?? daemon.directory + "/media"
        return
            ((FileManager.default.subpaths(atPath: root) ?? []).filter {
                var directory: ObjCBool = false
                return FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &directory)
                    && !directory.boolValue
            }).sorted()
    }

    @Test func attachStoresTheFileWithoutItsLocationAndEachChangeIsARevision() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        defer { _ = daemon.stop() }
        _ = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "Fair", "--body", "See you"])
        let photo = try Self.file(daemon, "gps.jpg")
        let attached = try daemon.json(["--as", "ana", "attach", "1", photo, "--alt", "Our stand <b>"])
        #expect(attached["revision"] as? Int == 2)
        let media = try #require(attached["media"] as? [[String: Any]])
        let hash = try #require(media.first?["sha256"] as? String)
        #expect(media.first?["type"] as? String == "jpeg")
        #expect(media.first?["alt"] as? String == "Our stand <b>")
        let path = daemon.directory + "/media/" + hash.prefix(2) + "/" + hash.dropFirst(2)
        #expect(try Self.sha256(path) == hash)
        #expect(hash != (try Self.sha256(photo)), "the GPS segment was stripped, so the stored bytes differ")
        #expect(Self.stored(daemon) == [hash.prefix(2) + "/" + hash.dropFirst(2)])

        let video = try Self.file(daemon, "h264-aac.mp4")
        let two = try daemon.json(["--as", "ana", "attach", "1", video, "--at", "1"])
        #expect((two["media"] as? [[String: Any]])?.map { $0["type"] as? String } == ["mp4", "jpeg"])
        let listed = try daemon.ctl(["media", "1"])
        #expect(listed.stdout.contains("1  mp4"), "\(listed.stdout)")
        #expect(listed.stdout.contains("Our stand <b>"))
        #expect(try daemon.ctl(["--as", "ana", "alt", "1", "1", "The team on stage"]).code == 0)
        let moved = try daemon.json(["--as", "ana", "move", "1", "1", "2"])
        #expect(
            (moved["media"] as? [[String: Any]])?.map { $0["alt"] as? String } == [
                "Our stand <b>", "The team on stage",
            ])
        #expect(moved["revision"] as? Int == 5)
        let detached = try daemon.json(["--as", "ana", "detach", "1", "2"])
        #expect((detached["media"] as? [[String: Any]])?.count == 1)
        let missing = try daemon.ctl(["--as", "ana", "detach", "1", "2"])
        #expect(missing.code != 0)
        #expect(missing.stderr.contains("draft 1 has no medium 2: its media are 1 to 1"), "\(missing.stderr)")
        #expect(try daemon.actions(1) == ["create", "edit", "edit", "edit", "edit", "edit"])
    }

    @Test func everyBadUploadIsRefusedWithItsReasonAndLeavesNothingBehind() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        defer { _ = daemon.stop() }
        _ = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "Fair", "--body", "See you"])
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/progressive.jpg"))
        let uploads: [(String, [UInt8], String)] = [
            ("page.html", Array("<!doctype html><script>alert(1)</script>".utf8), "not"),
            ("logo.svg", Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8), "not"),
            ("cut.jpg", Array(jpeg.prefix(jpeg.count / 2)), "truncated"),
            ("empty.jpg", [], "empty"),
        ]
        let before = try daemon.ctl(["show", "1", "--json"]).stdout
        for (name, bytes, reason) in uploads {
            let outcome = try daemon.ctl(["--as", "ana", "attach", "1", try Self.file(daemon, name, bytes: bytes)])
            #expect(outcome.code != 0, "\(name)")
            #expect(outcome.stderr.lowercased().contains(reason), "\(name): \(outcome.stderr)")
        }
        let absent = try daemon.ctl(["--as", "ana", "attach", "1", daemon.directory + "/nothing.jpg"])
        #expect(absent.stderr.contains("nothing.jpg: No such file"), "\(absent.stderr)")
        let outside = try daemon.ctl(["--as", "eve", "attach", "1", try Self.file(daemon, "gps.jpg")])
        #expect(outside.stderr.contains("no draft 1"), "\(outside.stderr)")
        #expect(try daemon.ctl(["show", "1", "--json"]).stdout == before)
        #expect(Self.stored(daemon) == [])
        #expect(try daemon.actions(1) == ["create"])

        _ = try daemon.json(["--as", "ana", "submit", "1"])
        _ = try daemon.json(["--as", "carl", "approve", "1"])
        _ = try daemon.json(["--as", "pia", "publish", "1"])
        let published = try daemon.ctl(["--as", "ana", "attach", "1", try Self.file(daemon, "gps.jpg")])
        #expect(published.code != 0)
        #expect(published.stderr.contains("published"), "\(published.stderr)")
        #expect(Self.stored(daemon) == [])
    }

    /// Starts a client, as ana, that sends `PUT /v1/drafts/1/media` announcing `announced` bytes, sends the first `sent` of
    /// them (a JPEG's head, then zeros) and then closes (`hold` false) or holds the connection open.
    static func partialUpload(_ daemon: RunningDaemon, announced: Int, sent: Int, hold: Bool) throws -> Process {
        let script = """
            import socket, sys, time
            head = open(sys.argv[2], "rb").read(4096)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sys.argv[1])
            s.sendall(b"PUT /v1/drafts/1/media HTTP/1.1\\r\\nHost: flowd\\r\\nContent-Length: %d\\r\\n\\r\\n" % int(sys.argv[3]))
            body = head + bytes(int(sys.argv[4]) - len(head))
            s.sendall(body)
            if sys.argv[5] == "hold":
                time.sleep(60)
            # Cut off while flowd streams it: closed at once, the request could end before flowd began it (no log).
            time.sleep(0.3)
            s.close()
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = [
            "--reuid=\(RunningDaemon.uids["ana"] ?? 0)", "--regid=\(getgid())", "--clear-groups", "--",
            "/usr/bin/python3", "-c", script, daemon.socket, fixtures + "/progressive.jpg", "\(announced)", "\(sent)",
            hold ? "hold" : "close",
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func anUploadCutOffMidwayLeavesNothing() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        defer { _ = daemon.stop() }
        _ = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "Fair", "--body", "See you"])
        let client = try Self.partialUpload(daemon, announced: 4_000_000, sent: 1_000_000, hold: false)
        client.waitUntilExit()
        #expect(daemon.waitFor(10) { daemon.log.contains("upload refused") }, "\(daemon.log)")
        #expect(daemon.log.contains("cut off"), "\(daemon.log)")
        #expect(Self.stored(daemon) == [])
        #expect(try daemon.json(["show", "1"])["revision"] as? Int == 1)
    }

    /// An MP4 fixture whose media data, its last box, is grown with zeros to `size` bytes.
    static func grown(_ name: String, to size: Int) throws -> [UInt8] {
        let fixture = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name)))
        let box = try #require((0..<(fixture.count - 3)).last { Array(fixture[$0..<($0 + 4)]) == Array("mdat".utf8) })
        var bytes = Array(fixture[..<(box - 4)])
        bytes += withUnsafeBytes(of: UInt32(size - (box - 4)).bigEndian, Array.init)
        bytes += fixture[box...]
        return bytes + [UInt8](repeating: 0, count: size - bytes.count)
    }

    /// The disk fills midway: flowd's media directory is a 2 MiB tmpfs in a mount namespace of flowd's own, which the
    /// test looks into through /proc/PID/root.
    @Test func anUploadThatFillsTheDiskIsRefusedAndLeavesNothing() throws {
        let daemon = try RunningDaemon()
        let media = daemon.directory + "/media"
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        daemon.launcher = [
            "/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
            "mount -t tmpfs -o size=2m,mode=0700 flowd-media \"$0\" && exec \"$@\"", media,
        ]
        try daemon.start()
        defer { _ = daemon.stop() }
        let seen = "/proc/\(try #require(daemon.pid))/root" + media
        _ = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "Fair", "--body", "See you"])
        let video = try Self.file(daemon, "big.mp4", bytes: try Self.grown("faststart.mp4", to: 3 << 20))
        let full = try daemon.ctl(["--as", "ana", "attach", "1", video])
        #expect(full.code == 1)
        #expect(full.stderr.contains("could not be stored"), "\(full.stderr)")
        #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
        #expect(Self.stored(daemon, root: seen) == [])
        #expect(try daemon.json(["show", "1"])["revision"] as? Int == 1)
        // The space was given back: a picture fits afterwards.
        let photo = try daemon.json(["--as", "ana", "attach", "1", try Self.file(daemon, "gps.jpg")])
        #expect(photo["revision"] as? Int == 2)
        #expect(Self.stored(daemon, root: seen).count == 1)
    }

    @Test func aKillDuringAnUploadLeavesNoPartialMediumAndNoRevision() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        _ = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "Fair", "--body", "See you"])
        let client = try Self.partialUpload(daemon, announced: 8_000_000, sent: 2_000_000, hold: true)
        // SIGKILL: a child of this process may inherit SIGTERM ignored, and the client would hold the run's end
        // for its whole minute.
        defer { kill(client.processIdentifier, SIGKILL) }
        let started = daemon.waitFor(20) {
            !(FileManager.default.subpaths(atPath: daemon.directory + "/media/tmp") ?? []).isEmpty
        }
        #expect(started, "the upload reached the daemon's disk")
        daemon.crash()
        try daemon.start()
        defer { _ = daemon.stop() }
        let shown = try daemon.json(["show", "1"])
        #expect(shown["revision"] as? Int == 1)
        #expect((shown["media"] as? [Any])?.isEmpty ?? true)
        #expect(Self.stored(daemon) == [], "a restart clears what an upload cut off by the crash left")
    }

    /// `flowctl backup` is one directory with the database and every medium it names; restored as
    /// docs/operations.md says (the database in place, its -wal and -shm gone, the media copied in), the draft shows
    /// its media and each file holds exactly the bytes of its hash.
    @Test func aBackupCarriesTheMediaAndRestoresAsDocumented() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        _ = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", "Fair", "--body", "See you"])
        _ = try daemon.json(["--as", "ana", "attach", "1", try Self.file(daemon, "lossy.webp"), "--alt", "Stand"])
        let shown = try daemon.json(["--as", "ana", "attach", "1", try Self.file(daemon, "portrait.mp4")])
        let hashes = (shown["media"] as? [[String: Any]] ?? []).compactMap { $0["sha256"] as? String }
        #expect(hashes.count == 2)
        let backup = daemon.directory + "/backup-1"
        let outcome = try daemon.ctl(["backup", backup])
        #expect(outcome.stdout.contains("2 media"), "\(outcome.stdout) \(outcome.stderr)")
        _ = daemon.stop()
        for name in ["flowd.db", "flowd.db-wal", "flowd.db-shm", "media"] {
            try? FileManager.default.removeItem(atPath: daemon.directory + "/" + name)
        }
        try FileManager.default.copyItem(atPath: backup + "/flowd.db", toPath: daemon.database)
        let copied = try runProgram("/bin/cp", ["-a", backup + "/media", daemon.directory + "/media"])
        #expect(copied.code == 0, "\(copied.stderr)")
        try daemon.start()
        defer { _ = daemon.stop() }
        let restored = try daemon.json(["show", "1"])
        #expect((restored["media"] as? [[String: Any]] ?? []).compactMap { $0["sha256"] as? String } == hashes)
        #expect(restored["content_hash"] as? String == shown["content_hash"] as? String)
        for hash in hashes {
            #expect(try Self.sha256(daemon.directory + "/media/" + hash.prefix(2) + "/" + hash.dropFirst(2)) == hash)
        }
    }

    @Test func newWithMediaAttachesEachInOrderAndABadFileCreatesNoDraft() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        defer { _ = daemon.stop() }
        let html = try Self.file(daemon, "page.html", bytes: Array("<html><body>hi</body></html>".utf8))
        let refused = try daemon.ctl([
            "--as", "ana", "new", "--client", "acme", "--title", "Fair", "--media", try Self.file(daemon, "gps.jpg"),
            "--media", html,
        ])
        #expect(refused.code != 0)
        #expect(refused.stderr.contains("page.html"), "\(refused.stderr)")
        #expect((try daemon.json(["ls"])["drafts"] as? [Any])?.isEmpty == true)
        let created = try daemon.json([
            "--as", "ana", "new", "--client", "acme", "--title", "Fair", "--channel", "linkedin", "--media",
            try Self.file(daemon, "gps.jpg"), "--alt", "Our stand", "--media", try Self.file(daemon, "xmp.png"),
        ])
        let media = created["media"] as? [[String: Any]] ?? []
        #expect(media.map { $0["type"] as? String } == ["jpeg", "png"])
        #expect(media.map { $0["alt"] as? String } == ["Our stand", ""])
        #expect(created["revision"] as? Int == 3)
    }
}
