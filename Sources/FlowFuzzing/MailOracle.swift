import Foundation

/// Readers of a mail message and of a JSON payload for the fuzz targets, written apart from what they check.
enum MailOracle {
    /// The header names of an RFC 5322 message, lower-cased, continuation lines folded into their header.
    static func headerNames(_ message: String) -> [String] {
        let head = message.components(separatedBy: "\r\n\r\n").first ?? ""
        return head.components(separatedBy: "\r\n").compactMap { line in
            guard let first = line.first, first != " ", first != "\t" else { return nil }
            return line.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? line
        }
    }

    /// The decoded text of the MIME part of `type` (base64 transfer encoding, as flowd writes it).
    static func part(_ type: String, of message: String) -> String? {
        for section in message.components(separatedBy: "\r\n--") {
            let pieces = section.components(separatedBy: "\r\n\r\n")
            guard pieces.count >= 2, pieces[0].lowercased().contains("content-type: \(type)") else { continue }
            let encoded = pieces[1].components(separatedBy: "\r\n").joined()
            return Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) }
        }
        return nil
    }

    /// Every string a JSON payload holds under a key named `text`, at any depth.
    static func strings(_ payload: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) else { return [] }
        var out: [String] = []
        func walk(_ value: Any) {
            if let dictionary = value as? [String: Any] {
                for (key, inner) in dictionary {
                    if key == "text", let text = inner as? String { out.append(text) } else { walk(inner) }
                }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(object)
        return out
    }
}
