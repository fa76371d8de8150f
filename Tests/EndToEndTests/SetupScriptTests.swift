import Foundation
import Testing

/// A stand-in for `python3` that behaves like the interpreters scripts/setup-python meets: Debian 12's own
/// (externally managed: pip refuses without --break-system-packages), an older pip without that flag, or a
/// package that installs but does not import. State lives in files under `directory`.
private struct FakePython {
    let directory = NSTemporaryDirectory() + "flowd-setup-" + UUID().uuidString.prefix(8)

    init(managed: Bool, pipKnowsTheFlag: Bool, importable: [String] = [], broken: [String] = []) throws {
        try FileManager.default.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
        let script = """
            #!/bin/bash
            state="\(directory)"
            if [ "$1" = "-c" ]; then grep -qx "${2#import }" "$state/importable"; exit $?; fi
            [ "$1 $2" = "-m pip" ] || exit 2
            shift 2
            [ "$1" = "--version" ] && { echo "pip 23.0.1 (python 3.11)"; exit 0; }
            [ "$1" = "install" ] || exit 2
            shift
            [ "$1" = "--help" ] && { cat "$state/help"; exit 0; }
            echo "$*" >> "$state/calls"
            if [ -f "$state/managed" ] && [[ " $* " != *" --break-system-packages "* ]]; then
                echo "error: externally-managed-environment" >&2
                exit 1
            fi
            for arg in "$@"; do
                case "$arg" in -*) ;; *) grep -qx "$arg" "$state/broken" || echo "$arg" >> "$state/importable" ;; esac
            done
            """
        try write("bin/python3", script, mode: 0o755)
        try write("importable", importable.map { $0 + "\n" }.joined())
        try write("broken", broken.map { $0 + "\n" }.joined())
        try write("calls", "")
        try write("help", "  --user\n" + (pipKnowsTheFlag ? "  --break-system-packages  Allow pip to modify...\n" : ""))
        if managed { try write("managed", "") }
    }

    private func write(_ name: String, _ text: String, mode: Int = 0o644) throws {
        _ = FileManager.default.createFile(
            atPath: directory + "/" + name, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
    }

    func read(_ name: String) -> [String] {
        let text = (try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Runs scripts/setup-python with this python3 first on PATH.
    func setup() throws -> Outcome {
        let path = directory + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try runProgram("/bin/bash", [repositoryRoot + "/scripts/setup-python"], environment: ["PATH": path])
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

@Suite struct SetupScriptEndToEnd {
    static let modules = ["standardwebhooks", "selenium", "prometheus_client", "icalendar"]

    @Test func debianTwelvesExternallyManagedPythonGetsTheModules() throws {
        let python = try FakePython(managed: true, pipKnowsTheFlag: true)
        defer { python.remove() }
        let outcome = try python.setup()
        #expect(outcome.code == 0, "\(outcome.stderr)")
        #expect(Set(python.read("importable")) == Set(Self.modules))
        #expect(python.read("calls").count == 1)
        #expect(python.read("calls").first?.contains("--break-system-packages") == true)
    }

    @Test func anOlderPipWithoutTheFlagIsNotGivenIt() throws {
        let python = try FakePython(managed: false, pipKnowsTheFlag: false, importable: ["selenium"])
        defer { python.remove() }
        let outcome = try python.setup()
        #expect(outcome.code == 0, "\(outcome.stderr)")
        #expect(Set(python.read("importable")) == Set(Self.modules))
        let calls = python.read("calls")
        #expect(calls.count == 1 && !(calls.first ?? "").contains("--break-system-packages"))
        #expect(!(calls.first ?? "").contains("selenium"), "what imports already is not installed again")
    }

    @Test func aModuleThatStillDoesNotImportFailsSetupAndSaysWhich() throws {
        let python = try FakePython(managed: true, pipKnowsTheFlag: true, broken: ["icalendar"])
        defer { python.remove() }
        let outcome = try python.setup()
        #expect(outcome.code != 0)
        #expect(outcome.stderr.contains("still cannot import icalendar"), "\(outcome.stderr)")
    }

    @Test func aRefusingPipIsShownNotHidden() throws {
        // Externally managed, but a pip that does not offer the flag: nothing installs, and setup says why.
        let python = try FakePython(managed: true, pipKnowsTheFlag: false)
        defer { python.remove() }
        let outcome = try python.setup()
        #expect(outcome.code != 0)
        #expect(outcome.stderr.contains("externally-managed-environment"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("still cannot import standardwebhooks selenium prometheus_client icalendar"))
    }

    @Test func nothingIsInstalledWhenEverythingImports() throws {
        let python = try FakePython(managed: true, pipKnowsTheFlag: true, importable: Self.modules)
        defer { python.remove() }
        let outcome = try python.setup()
        #expect(outcome.code == 0 && outcome.stdout.isEmpty && outcome.stderr.isEmpty, "\(outcome)")
        #expect(python.read("calls").isEmpty)
    }
}

/// A machine where no Debian package is installed yet, seen through stand-ins on PATH: `dpkg-query` finds nothing,
/// `apt-get`, `swift`, `python3`, `pip3` and `useradd` only write down how they were called, and `swift build
/// --show-bin-path` names a folder of stand-in binaries.
private struct BareServer {
    let directory = NSTemporaryDirectory() + "flowd-server-" + UUID().uuidString.prefix(8)

    init() throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
        try fm.createDirectory(
            atPath: built + "/flowd_FlowDaemon.resources/Templates", withIntermediateDirectories: true)
        for program in ["flowd", "flowctl", "flowd-mail"] {
            try fm.copyItem(atPath: "/bin/true", toPath: built + "/" + program)
        }
        _ = fm.createFile(atPath: built + "/flowd_FlowDaemon.resources/Templates/review.mustache", contents: Data())
        let calls = directory
        let record = { (name: String) in "echo \"$*\" >> \"\(calls)/\(name).calls\"\n" }
        try write("dpkg-query", "exit 1\n")
        try write("apt-get", record("apt-get"))
        try write("swift", record("swift") + "case \"$*\" in *--show-bin-path*) echo \"\(built)\" ;; esac\n")
        for name in ["python3", "pip3", "useradd"] { try write(name, record(name) + "exit 1\n") }
    }

    var built: String { directory + "/built" }
    var stage: String { directory + "/stage" }

    private func write(_ name: String, _ body: String) throws {
        _ = FileManager.default.createFile(
            atPath: directory + "/bin/" + name, contents: Data(("#!/bin/bash\n" + body).utf8),
            attributes: [.posixPermissions: 0o755])
    }

    func calls(_ name: String) -> [String] {
        let text = (try? String(contentsOfFile: directory + "/\(name).calls", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// The packages `apt-get install` was asked for.
    var installed: [String] {
        calls("apt-get").filter { $0.hasPrefix("install") }.flatMap { $0.split(separator: " ").map(String.init) }
            .filter { !$0.hasPrefix("-") && $0 != "install" }
    }

    func run(_ script: String, _ arguments: [String]) throws -> Outcome {
        let path = directory + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try runProgram(repositoryRoot + "/scripts/" + script, arguments, environment: ["PATH": path])
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

@Suite struct InstallScriptEndToEnd {
    static let forTests = ["chromium", "chromium-driver", "exim4-daemon-light", "python3-pip", "sqlite3", "curl"]

    @Test func installingOnAServerBuildsWithTheSQLiteHeadersAndInstallsNothingForTests() throws {
        let server = try BareServer()
        defer { server.remove() }
        let outcome = try server.run("install", ["--destdir", server.stage])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        #expect(server.installed == ["libsqlite3-dev"], "\(server.calls("apt-get"))")
        #expect(server.calls("swift").filter { $0.contains("--static-swift-stdlib") }.count == 3)
        for tool in ["python3", "pip3", "useradd"] { #expect(server.calls(tool).isEmpty, "\(tool) was run") }
        #expect(FileManager.default.isExecutableFile(atPath: server.stage + "/usr/local/bin/flowd"))
    }

    @Test func binariesBuiltElsewhereNeedOnlyTheSQLiteLibrary() throws {
        let server = try BareServer()
        defer { server.remove() }
        // Staged for another machine: nothing is installed here at all.
        let staged = try server.run("install", ["--destdir", server.stage, "--bin-dir", server.built])
        #expect(staged.code == 0, "\(staged.stderr)")
        #expect(server.calls("apt-get").isEmpty && server.calls("swift").isEmpty)
        // On the machine that runs them: the library, and no toolchain is asked for.
        let runtime = try server.run("setup-server", ["--runtime"])
        #expect(runtime.code == 0, "\(runtime.stderr)")
        #expect(server.installed == ["libsqlite3-0"])
        #expect(server.calls("swift").isEmpty)
        #expect(Set(server.installed).isDisjoint(with: Self.forTests))
    }

    @Test func aServerWithoutSwiftIsToldRatherThanGivenTestTools() throws {
        let server = try BareServer()
        defer { server.remove() }
        try FileManager.default.removeItem(atPath: server.directory + "/bin/swift")
        // PATH without the toolchain: the stand-ins, and the system's own folders.
        let outcome = try runProgram(
            repositoryRoot + "/scripts/setup-server", [],
            environment: ["PATH": server.directory + "/bin:/usr/sbin:/usr/bin:/sbin:/bin"])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("swift is not on PATH"), "\(outcome.stderr)")
        #expect(server.installed == ["libsqlite3-dev"])
    }
}
