import FlowCore
import Foundation
import TOMLKit

extension Reader {
    /// `[daemon] link_key_file` or `link_key_credential`; by default `link.key` beside the database.
    mutating func linkKeySource(_ daemon: TOMLTable?, database: String, resolve: (String) -> String) -> LinkKeySource {
        let file = daemon.flatMap { string($0, "link_key_file", "daemon") }
        let credential = daemon.flatMap { string($0, "link_key_credential", "daemon") }
        if file != nil, credential != nil {
            issue("daemon.link_key_credential", "daemon: give link_key_file or link_key_credential, not both")
        }
        if let credential {
            if let data = secretBytes(credential: credential, path: "daemon.link_key_credential"),
                data.count < LinkKey.minimumBytes
            {
                issue("daemon.link_key_credential", "the link key credential is shorter than 32 bytes")
            }
            return .credential(credential)
        }
        let path =
            file.map(resolve)
            ?? URL(fileURLWithPath: database).deletingLastPathComponent()
            .appendingPathComponent("link.key").path
        // A missing file is made at the first start; one that exists must be the service's alone.
        if let (data, mode) = host.read(path) {
            if mode & 0o077 != 0 {
                issue("daemon.link_key_file", "link key file \(path) is readable by group or others; chmod 600 it")
            } else if data.count < LinkKey.minimumBytes {
                issue("daemon.link_key_file", "link key file \(path) is shorter than 32 bytes")
            }
        }
        return .file(path)
    }
}
