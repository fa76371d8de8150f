import FlowAPI
import FlowCore
import Foundation
import Testing

@Suite struct WireDecodableTests {
    @Test func aSparseDraftViewWritesNoKeyForANilValue() throws {
        let view = try DraftView(jsonData: WireCodecCheck.json(WireSamples.sparseDraft()))
        let object = try WireCodecCheck.object(Data(view.jsonBytes))
        for key in [
            "publish_at", "approved_hash", "published_url", "external_id", "due_at", "acknowledged_until", "whose_move",
        ] {
            #expect(object[key] == nil, "\(key) written for a nil value")
        }
        #expect((object["approvals"] as? [Any])?.isEmpty == true)
        #expect((object["next"] as? [Any])?.isEmpty == true)
    }

    /// An answer that is not a draft says which field is wrong; one from a newer daemon with a field this flowctl
    /// does not know still reads.
    @Test func aDraftReaderNamesTheFieldItCannotRead() throws {
        #expect(throws: WireDecodingError.missing("client")) { try DraftView(jsonData: Data(#"{"id": 1}"#.utf8)) }
        var object = try WireCodecCheck.object(WireCodecCheck.json(WireSamples.sparseDraft()))
        object["revision"] = "2"
        #expect(throws: WireDecodingError.wrongType("revision", expected: "an integer")) {
            try DraftView(jsonData: JSONSerialization.data(withJSONObject: object))
        }
        object["revision"] = 2
        object["approvals"] = [["user": "u", "revision": 1]]
        #expect(throws: WireDecodingError.missing("approvals[0].at")) {
            try DraftView(jsonData: JSONSerialization.data(withJSONObject: object))
        }
        object["approvals"] = []
        object["newer"] = ["field": true]
        #expect(try DraftView(jsonData: JSONSerialization.data(withJSONObject: object)).revision == 2)
        #expect(throws: WireDecodingError.self) { try DraftView(jsonData: Data("[1]".utf8)) }
        #expect(WireJSON.parseDate("2026-06-12T10:30:00.250Z") == Date(timeIntervalSince1970: 1_781_260_200.25))
        #expect(WireJSON.parseDate("2026-06-12T10:30:00Z") == Date(timeIntervalSince1970: 1_781_260_200))
        #expect(WireJSON.parseDate("2026-13-12T10:30:00.250Z") == nil)
    }

    /// Every stored millisecond prints as itself and reads back the same: a time copied from `flowctl log` into
    /// `--from` must mean that instant, not the millisecond before it.
    @Test func storedMillisecondsRoundTrip() {
        for millis in Int64(1_764_128_866_000)..<1_764_128_867_000 {
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            let text = WireJSON.formatDate(date)
            #expect(text.hasSuffix(String(format: ".%03dZ", Int(millis % 1000))), "\(millis)")
            #expect(WireJSON.parseDate(text) == date)
        }
    }
}

@Suite struct ActionRequestHandDecodedTests {
    static func same(_ request: ActionRequest, _ oracle: ActionRequestOracle) throws -> Bool {
        try WireCodecCheck.differences(Data(request.jsonBytes), WireCodecCheck.json(oracle)).isEmpty
    }

    @Test func theDaemonsReaderAgreesWithTheOracle() throws {
        let full = Data(
            """
            {"revision": 3, "message": "m \\"q\\"", "title": "T", "body": "line\\nline", "channels": ["x", "linkedin"],
             "publish_at": "2026-05-01T09:30:00.125Z", "clear_publish_at": false, "url": "https://e.example/1",
             "external_id": "x1", "content_hash": "sha256:ab", "until": "2026-05-01T11:30:00+02:00"}
            """.utf8)
        for data in [
            full, Data("{}".utf8), Data(#"{"message": "bench"}"#.utf8), Data(#"{"title": null, "body": "b"}"#.utf8),
        ] {
            let oracle = try WireJSON.decoder().decode(ActionRequestOracle.self, from: data)
            #expect(try Self.same(try ActionRequest(jsonData: data), oracle))
        }
        // What the oracle refuses, the hand reader refuses too, naming the field.
        for (bad, key) in [
            (#"{"revision": "3"}"#, "revision"), (#"{"revision": 1.5}"#, "revision"),
            (#"{"revision": true}"#, "revision"),
            (#"{"channels": "x"}"#, "channels"), (#"{"until": "tomorrow"}"#, "until"),
            (#"{"clear_publish_at": 1}"#, "clear_publish_at"),
        ] {
            do {
                _ = try ActionRequest(jsonData: Data(bad.utf8))
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.code == .badJSON && error.message.contains(quoted(key)), "\(bad): \(error)")
            }
            #expect(throws: (any Error).self) {
                try WireJSON.decoder().decode(ActionRequestOracle.self, from: Data(bad.utf8))
            }
        }
        for bad in ["[1]", "{", "", #"{"revision": 1.5e}"#] {
            do {
                _ = try ActionRequest(jsonData: Data(bad.utf8))
                Issue.record("accepted \(bad)")
            } catch {
                // Said in words, not as a Foundation error's dump.
                #expect(error.code == .badJSON && error.message.hasPrefix("malformed JSON: "), "\(bad): \(error)")
                #expect(!error.message.contains("Domain"), "\(bad): \(error)")
            }
        }
    }

    /// One rule for unknown keys: a request refuses a key it does not have, naming it, where JSONDecoder would have
    /// ignored it and the field would have been dropped without a word.
    @Test func anUnknownKeyIsRefusedByName() throws {
        for (body, key) in [
            (#"{"message": "m", "extra": [1]}"#, "extra"), (#"{"revision": 2, "Message": "m"}"#, "Message"),
            (#"{"externalId": "x"}"#, "externalId"), (#"{"other": null}"#, "other"),
        ] {
            #expect(throws: WireDecodingError.unknown(key)) { try ActionRequest(jsonData: Data(body.utf8)) }
        }
        #expect(WireDecodingError.unknown("extra").code == .invalidRequest)
        let create = Data(#"{"client": "acme", "title": "T", "publish_at": "2026-05-01T09:30:00Z", "lables": []}"#.utf8)
        let decoded = try WireJSON.decoder().decode(CreateRequest.self, from: create)
        #expect(throws: WireDecodingError.unknown("lables")) { try WireJSON.refusingUnknownKeys(decoded, in: create) }
    }

    /// flowctl sends only keys the daemon knows: every request it writes, with every field set, passes the rule.
    @Test func flowctlSendsNoUnknownKey() throws {
        let request = try ActionRequest(jsonData: WireCodecCheck.json(WireSamples.fullRequest()))
        #expect(try ActionRequest(jsonData: Data(request.jsonBytes)).jsonBytes == request.jsonBytes)
        let at = WireSamples.at
        try Self.passes(
            CreateRequest(
                client: "c", title: "t", body: "b", channels: ["x"], lane: .urgent, publishAt: at, labels: ["l"],
                message: "m"))
        var define = DefineTemplateRequest(client: "c", name: "n", title: "t", body: "b")
        define.channels = ["x"]
        define.lane = .crisis
        define.labels = ["l"]
        define.expiresAt = at
        define.maxPerDay = 2
        define.crisis = true
        define.message = "m"
        try Self.passes(define)
        try Self.passes(
            UseTemplateRequest(
                template: "c/n", values: ["k": "v"], lane: .urgent, publishAt: at, labels: ["l"], message: "m"))
        try Self.passes(RevokeTemplateRequest(template: "c/n", message: "m"))
        try Self.passes(CalendarFeedRequest(client: "c", revoke: true))
        try Self.passes(CrisisRequest(client: "c", message: "m"))
        try Self.passes(AbsenceRequest(person: "p", from: at, until: at, standIn: "s", message: "m"))
        try Self.passes(EndAbsenceRequest(person: "p"))
        try Self.passes(NewLinkRequest(user: "u"))
        try Self.passes(RevokeLinksRequest(user: "u"))
        try Self.passes(BackupRequest(path: "/tmp/x"))
    }

    static func passes<T: Codable>(_ request: T) throws {
        let data = try WireJSON.encoder().encode(request)
        let decoded = try WireJSON.decoder().decode(T.self, from: data)
        _ = try WireJSON.refusingUnknownKeys(decoded, in: data)
    }

    /// On each of these, the hand reader's result is what the oracle's JSONDecoder makes of it, or an error.
    /// Not among them: a repeated key, which the hand reader reads as its last value and JSONDecoder as its first.
    @Test func theOnePassReaderAgreesWithTheOracleOnOddInputs() throws {
        let texts = [
            #" { "message" : "a" , "revision" : 0 } "#, "{\t\"message\":\n\"x\"\r}", #"{"revision": -0}"#,
            #"{"revision": 01}"#, #"{"revision": 1e2}"#, #"{"revision": 1.0}"#, #"{"revision": -7}"#,
            #"{"revision": 9007199254740992}"#, #"{"revision": 9007199254740993}"#,
            #"{"revision": 99999999999999999999}"#,
            #"{"message": "a",}"#, #"{"message": null}"#, #"{"channels": []}"#, #"{"channels": ["a",]}"#,
            #"{"channels": ["a", 1]}"#, #"{"message": "ünï ✓ 🚀"}"#, "{\"message\": \"tab\u{9}inside\"}",
            #"{"message": "escA"}"#, #"{"clear_publish_at": true} x"#, #"{"clear_publish_at": truex}"#,
            #"{"clear_publish_at": tru}"#, #"{"publish_at": "2026-05-01T09:30:00Z"}"#, "", " ", "{}{}", #"{"a":}"#,
            #"{"a" "b"}"#, #"{a: 1}"#, "\u{FEFF}{\"message\": \"bom\"}", #"{"message": "\uD83D\uDE80"}"#,
        ]
        var inputs = texts.map { Data($0.utf8) }
        inputs.append(Data([0x7B, 0x22, 0x6D, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]))  // {"m":"\xFF\xFE"}
        inputs.append(Data([0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D]))  // a key cut inside a character
        for data in inputs {
            let shown = String(decoding: data, as: UTF8.self)
            guard let request = try? ActionRequest(jsonData: data) else { continue }
            let oracle = try #require(
                try? WireJSON.decoder().decode(ActionRequestOracle.self, from: data),
                "accepted what JSONDecoder refuses: \(shown)")
            #expect(try Self.same(request, oracle), "\(shown)")
        }
        // The common bodies come out right.
        let common = try ActionRequest(jsonData: Data(#"{"message":"bench","revision":2}"#.utf8))
        #expect(common.message == "bench" && common.revision == 2)
    }
}

/// The flat reader against JSONSerialization: whatever it reads, JSONSerialization reads the same (each key's last
/// value); whatever else it leaves (nil) to the general path.
@Suite struct FlatJSONReaderTests {
    static let texts = [
        #"{"message":"bench","revision":2}"#, #" { "a" : "b" , "n" : -12 , "t" : true , "f" : false } "#,
        "{\t\"a\":\r\n\"x\"}", #"{}"#, #"{"l": [], "m": ["x", "y"]}"#, #"{"e": "\"\\\/\b\f\n\r\t"}"#,
        #"{"u": "\u00e9\u0000\u20AC"}"#, #"{"u": "\uD83D\uDE80"}"#, #"{"u": "\uD83D"}"#, #"{"u": "\u12"}"#,
        #"{"u": "\x"}"#, #"{"n": 0}"#, #"{"n": -0}"#, #"{"n": 01}"#, #"{"n": 1.5}"#, #"{"n": 1e2}"#,
        #"{"n": 1E2}"#, #"{"n": -}"#, #"{"n": 999999999999999}"#, #"{"n": 1000000000000000}"#,
        #"{"n": 9007199254740993}"#, #"{"z": null}"#, #"{"o": {"x": 1}}"#, #"{"l": [1]}"#, #"{"l": ["a",]}"#,
        #"{"a": "b",}"#, #"{"a" "b"}"#, #"{a: 1}"#, #"{"a": tru}"#, #"{"a": truex}"#, #"{"a": true}x"#, "{}{}",
        "", " ", "[1]", "\"s\"", "{", "{\"a\": \"tab\u{9}in\"}", #"{"r": "a", "r": "b"}"#, "\u{FEFF}{}",
        #"{"ünï": "✓ 🚀"}"#,
    ]

    @Test func whatItReadsJSONSerializationReadsTheSame() throws {
        var inputs = Self.texts.map { Data($0.utf8) }
        inputs.append(Data([0x7B, 0x22, 0x6D, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]))  // {"m":"\xFF\xFE"}
        inputs.append(Data([0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D]))  // a key cut inside a character
        var read = 0
        for data in inputs {
            let shown = String(decoding: data, as: UTF8.self)
            guard let members = FlatJSONReader.object(data) else { continue }
            read += 1
            let general = try #require(
                try? JSONSerialization.jsonObject(with: data) as? [String: Any], "read what is not JSON: \(shown)")
            var last: [String: FlatJSONReader.Value] = [:]
            for (key, value) in members { last[key] = value }
            #expect(Set(last.keys) == Set(general.keys), "\(shown)")
            for (key, value) in general {
                #expect(FlatJSONReader.flat(value) == last[key], "\(shown): \(key)")
            }
        }
        #expect(read == 13)  // the flat ones above, all of them
    }

    @Test func itReadsTheCommonFormsAndLeavesTheRest() {
        #expect(
            FlatJSONReader.object(Data(#"{"message":"a \"q\" \u00e9","revision":-3,"x":true,"c":["l"]}"#.utf8))?.map(
                \.value)
                == [.string("a \"q\" é"), .integer(-3), .bool(true), .strings(["l"])])
        for text in [
            #"{"z": null}"#, #"{"n": 1.5}"#, #"{"u": "\uD83D"}"#, #"{"o": {}}"#, #"{"n": 1000000000000000}"#,
            "{\"c\": \"\u{1}\"}", #"{"a": 1} x"#,
        ] {
            #expect(FlatJSONReader.object(Data(text.utf8)) == nil, "\(text)")
        }
        // A surrogate pair through the one strict string reader.
        #expect(FlatJSONReader.object(Data(#"{"u": "\uD83D\uDE80"}"#.utf8))?.map(\.value) == [.string("🚀")])
        // A repeated key reads as its last value, as JSONSerialization reads it.
        let repeated = FlatJSONReader.object(Data(#"{"r": 1, "s": "x", "r": "b"}"#.utf8))
        #expect(repeated?.map(\.key) == ["s", "r"])
        #expect(repeated?.map(\.value) == [.string("x"), .string("b")])
    }
}
