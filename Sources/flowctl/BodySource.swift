import ArgumentParser
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
        if let body { return body }
        if let bodyFile {
            let data: Data
            if bodyFile == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: bodyFile) else {
                    throw ValidationError("cannot read --body-file \(bodyFile)")
                }
                data = contents
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
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ValidationError("the body on standard input is not valid UTF-8")
        }
        return text.isEmpty ? nil : text
    }
}
