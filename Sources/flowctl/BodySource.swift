import ArgumentParser
import FlowCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a body comes from: --body, --body-file (- for standard input), or piped standard input.
struct BodySource: ParsableArguments {
    @Option(help: "Body text.")
    var body: String?

    @Option(help: ArgumentHelp("Read the body from a file; - reads standard input.", valueName: "path"))
    var bodyFile: String?

    func validate() throws {
        if body != nil && bodyFile != nil { throw ValidationError("give --body or --body-file, not both") }
    }

    func read() throws -> String? {
        if let body {
            guard body.utf8.count <= Workflow.maxBodyBytes else {
                throw ValidationError(
                    "--body is more than \(Workflow.maxBodyBytes / 1024) KiB, the most flowd takes for a post: shorten it"
                )
            }
            return body
        }
        if let bodyFile {
            let data: Data
            if bodyFile == "-" {
                data = try Self.bounded(FileHandle.standardInput, "standard input")
            } else {
                guard let handle = FileHandle(forReadingAtPath: bodyFile) else {
                    throw ValidationError("cannot read --body-file \(bodyFile)")
                }
                defer { try? handle.close() }
                data = try Self.bounded(handle, bodyFile)
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                throw ValidationError("the body is not valid UTF-8")
            }
            return text
        }
        // Read standard input only when something was piped or redirected from a file, never from a terminal.
        var info = stat()
        guard fstat(0, &info) == 0 else { return nil }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFIFO || kind == S_IFREG else { return nil }
        let data = try Self.bounded(FileHandle.standardInput, "standard input")
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ValidationError("the body on standard input is not valid UTF-8")
        }
        return text.isEmpty ? nil : text
    }

    /// What `handle` holds, refused in words when it is more than flowd takes, without reading more than that.
    static func bounded(_ handle: FileHandle, _ name: String) throws -> Data {
        let limit = Workflow.maxBodyBytes
        var data = Data()
        while data.count <= limit, let chunk = try? handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
            data.append(chunk)
        }
        guard data.count <= limit else {
            throw ValidationError(
                "the body in \(name) is more than \(limit / 1024) KiB, the most flowd takes for a post: shorten it")
        }
        return data
    }
}
