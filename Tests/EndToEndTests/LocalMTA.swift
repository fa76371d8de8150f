import Foundation
import Testing

/// Debian's exim4 (exim4-daemon-light in its stock configuration: local delivery only) as a daemon on a loopback
/// port of this test's own, not 25, so it meets no MTA the machine runs. It runs outside flowd's sandbox, as root,
/// like a real MTA daemon: taking mail by SMTP is what needs no privileges on flowd's side.
final class LocalMTA {
    let port = testPort()
    private let process = Process()

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/sbin/exim4"), "scripts/setup installs exim4")
        // -bdf: the listening daemon, in the foreground so it ends with this object; -oX: this interface and port.
        // Started with no signal blocked: a child inherits the test runner's mask, which blocks SIGTERM and
        // SIGCHLD, and exim would neither stop nor reap its children.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, set()); "
                + "os.execv(sys.argv[1], sys.argv[1:])",
            "/usr/sbin/exim4", "-bdf", "-oX", "127.0.0.1.\(port)",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try #require(waitUntil(10) { listening(port) }, "exim4 does not listen on 127.0.0.1:\(port)")
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}
