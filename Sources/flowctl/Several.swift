import ArgumentParser
import FlowAPI
import FlowCore
import FlowRender
import Foundation

/// A verb given several drafts (`approve 4 5 6`): each is judged alone, one line per draft, and the exit code is
/// the worst of their outcomes (3 when any was refused), as if each had been its own command. Stops at the first
/// draft only when flowd cannot be reached.
enum Several {
    /// At least one id, each once; `--revision` names one draft's revision, so it goes with one id only.
    static func check(_ ids: [Int64], revision: Int?) throws {
        guard !ids.isEmpty else { throw ValidationError("give the id of a draft") }
        guard Set(ids).count == ids.count else { throw ValidationError("each draft once, please") }
        if ids.count > 1, revision != nil { throw ValidationError("--revision goes with one draft, not several") }
    }

    static func run(_ ids: [Int64], global: Global, _ call: (ControlClient, Int64) throws -> DraftView) -> Never {
        let client = global.client
        var worst: Int32 = 0
        var objects: [String] = []
        for id in ids {
            do {
                let view = try call(client, id)
                objects.append(PrettyJSON.text(view.jsonBytes))
                if !global.json { print(TextEscaping.terminal(Render.moved(view))) }
            } catch let error as ClientError {
                if case .unreachable = error { global.fail(error) }
                let (code, message, exit) = error.answer
                worst = max(worst, exit)
                objects.append(
                    "{\"draft\": \(id), \"error\": {\"code\": \"\(code.rawValue)\", \"message\": "
                        + "\(jsonString(message))}}")
                let line = "draft \(id): \(message)"
                if global.json {
                    FileHandle.standardError.write(Data("flowctl: \(TextEscaping.terminal(line))\n".utf8))
                } else {
                    print(TextEscaping.terminal(line))
                }
            } catch {
                global.fail(error.localizedDescription, code: .internalError, exit: 1)
            }
        }
        if global.json { print("[\n" + objects.joined(separator: ",\n") + "\n]") }
        Foundation.exit(worst)
    }

    private static func jsonString(_ text: String) -> String {
        (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
