/// Where a post went out (`publish --url`): an absolute `https` address, read in one pass over its bytes. Anything
/// else (`notaurl`, `http://…`, a space, a control character) is refused: the address is shown on pages and in
/// notifications as a link people follow.
public enum PublishedURL {
    public static func check(_ url: String) throws(Refusal) {
        let bytes = Array(url.utf8)
        let scheme = Array("https://".utf8)
        let refusal = Refusal(
            .invalidRequest,
            "url \(quoted(url)) is not an absolute https address like https://www.linkedin.com/feed/update/1")
        guard bytes.count > scheme.count,
            zip(bytes, scheme).allSatisfy({ lowercased($0) == $1 })
        else { throw refusal }
        var index = scheme.count
        var host = 0
        while index < bytes.count, isHostByte(bytes[index]) {
            host += 1
            index += 1
        }
        guard host > 0, bytes[scheme.count] != UInt8(ascii: "."), bytes[scheme.count] != UInt8(ascii: "-") else {
            throw refusal
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            guard index > start, index - start <= 5 else { throw refusal }
        }
        guard index == bytes.count || [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")].contains(bytes[index])
        else { throw refusal }
        // The rest: printable ASCII without spaces (an address with other characters is percent-encoded).
        guard bytes[index...].allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else { throw refusal }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-")
    }
}
