import FlowAPI
import FlowCore
import Foundation
import Testing

@Suite struct HandEncodedTests {
    @Test func aDraftViewWrittenByHandDecodesLikeTheCodableOne() throws {
        let at = Date(timeIntervalSince1970: 1_790_000_000.125)  // whole milliseconds, as stored
        let draft = Draft(
            id: 7, client: "acme", lane: .urgent, state: .approved, revision: 2,
            content: Content(title: "T \"q\"", body: "line\nline", channels: ["x", "linkedin"], publishAt: at),
            contentHash: "abc", author: "ana", revisionAuthor: "ana", revisionAuthorSide: .agency,
            approvals: [Approval(user: "carl", revision: 2, at: at)], approvedHash: "abc", labels: ["l"],
            publishedURL: "https://e.example/1", externalID: "x1", createdAt: at, updatedAt: at, dueAt: at,
            acknowledgedUntil: at)
        var view = DraftView(draft, requiredApprovals: 1)
        view.reviewers = ["carl"]
        view.whoseMove = "agency"
        view.timeZone = "Europe/Berlin"
        view.overdue = true
        view.next = [NextStepView(at: at, action: "remind", rule: "r", local: "l", notify: ["carl"])]
        view.template = "acme/outage"
        view.fromTemplate = 3
        view.reviewMode = "unless-objected"
        view.autonomy = "19 of the last 20"
        let decoder = WireJSON.decoder()
        let byHand = try decoder.decode(DraftView.self, from: Data(view.jsonText.utf8))
        let byCodable = try decoder.decode(DraftView.self, from: try WireJSON.encoder().encode(view))
        #expect(byHand == view)
        #expect(byHand == byCodable)
        // The same keys, too: nothing only one of the two writes.
        let handKeys = try #require(try JSONSerialization.jsonObject(with: Data(view.jsonText.utf8)) as? [String: Any])
        let codableKeys = try #require(
            try JSONSerialization.jsonObject(with: try WireJSON.encoder().encode(view)) as? [String: Any])
        #expect(Set(handKeys.keys) == Set(codableKeys.keys))
        var sparse = DraftView(
            Draft(
                id: 1, client: "c", lane: .normal, state: .draft, revision: 1,
                content: Content(title: "T", body: "", channels: [], publishAt: nil), contentHash: "h", author: "a",
                revisionAuthor: "a", revisionAuthorSide: .agency, createdAt: at, updatedAt: at), requiredApprovals: 1)
        sparse.whoseMove = nil
        let sparseHand = try #require(
            try JSONSerialization.jsonObject(with: Data(sparse.jsonText.utf8)) as? [String: Any])
        let sparseCodable = try #require(
            try JSONSerialization.jsonObject(with: try WireJSON.encoder().encode(sparse)) as? [String: Any])
        #expect(Set(sparseHand.keys) == Set(sparseCodable.keys))
    }
}

extension HandEncodedTests {
    @Test func aWebhookOutcomeWrittenByHandIsByteForByteTheCodableOne() throws {
        let full = WebhookOutcome(
            duplicate: true, DeliveryOutcome(draft: 12, state: "approved", revision: 3, action: "approve", event: 99))
        let sparse = WebhookOutcome(duplicate: false, DeliveryOutcome(draft: 5))
        for outcome in [full, sparse] {
            #expect(outcome.jsonText == String(decoding: try WireJSON.encoder().encode(outcome), as: UTF8.self))
        }
    }
}

@Suite struct HandDecodedTests {
    @Test func flowctlsFastDraftReaderAgreesWithJSONDecoder() throws {
        let at = Date(timeIntervalSince1970: 1_790_000_000.125)
        let draft = Draft(
            id: 9, client: "acme", lane: .crisis, state: .review, revision: 3,
            content: Content(title: "T", body: "B\n", channels: ["x"], publishAt: at), contentHash: "h", author: "ana",
            revisionAuthor: "bob", revisionAuthorSide: .agency,
            approvals: [Approval(user: "carl", revision: 3, at: at)],
            labels: ["a", "b"], createdAt: at, updatedAt: at, dueAt: at, acknowledgedUntil: at)
        var view = DraftView(draft, requiredApprovals: 2)
        view.next = [NextStepView(at: at, action: "escalate", rule: "r", local: "2026 x", notify: ["dora"])]
        view.whoseMove = "company"
        view.template = "acme/outage"
        view.fromTemplate = 3
        view.reviewMode = "unless-objected"
        view.autonomy = "19 of the last 20"
        for data in [Data(view.jsonText.utf8), try WireJSON.encoder().encode(view)] {
            let fast = try #require(DraftView(jsonData: data))
            #expect(fast == (try WireJSON.decoder().decode(DraftView.self, from: data)))
            #expect(fast == view)
        }
        #expect(DraftView(jsonData: Data(#"{"id": 1}"#.utf8)) == nil)
        let list = DraftList(drafts: [view, view], nextBefore: 4)
        let decoded = try WireJSON.decoder().decode(DraftList.self, from: Data(list.jsonText.utf8))
        #expect(decoded.drafts == [view, view] && decoded.nextBefore == 4)
        let last = try WireJSON.decoder().decode(
            DraftList.self, from: Data(DraftList(drafts: [], nextBefore: nil).jsonText.utf8))
        #expect(last.drafts.isEmpty && last.nextBefore == nil)
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

/// The hand-written JSON and JSONEncoder's must say the same thing for any content, escapes included.
@Suite struct HandJSONAgreementTests {
    /// A string with everything JSON must escape, or may escape differently: quotes, backslashes, slashes,
    /// NUL and other control characters, DEL, U+2028, emoji with joiners and flags, a combining accent.
    static func awkward(_ tag: String) -> String {
        "\(tag) \"quoted\" back\\slash a/b \u{0}nul \u{1}\u{8}\u{C}\u{1F} \t\r\n del\u{7F} ls\u{2028} 👩‍💻🇩🇪 e\u{301} 中"
    }

    /// JSON text parsed and written again with sorted keys: texts with the same content give the same bytes,
    /// whatever each writer escaped or how it ordered keys; a missing, extra or different value does not.
    static func canonical(_ data: Data) throws -> String {
        let object = try JSONSerialization.jsonObject(with: data)
        return String(
            decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static let at = Date(timeIntervalSince1970: 1_790_000_000.125)

    /// Every string field awkward (each with its own tag, so swapped fields show), every optional set.
    static func awkwardView() -> DraftView {
        let draft = Draft(
            id: 42, client: awkward("client"), lane: .urgent, state: .review, revision: 3,
            content: Content(
                title: awkward("title"), body: awkward("body"), channels: [awkward("channel"), ""],
                publishAt: at.addingTimeInterval(0.5)),
            contentHash: awkward("hash"), author: awkward("author"), revisionAuthor: awkward("reviser"),
            revisionAuthorSide: .agency, approvals: [Approval(user: awkward("approver"), revision: 3, at: at)],
            createdAt: at, updatedAt: at.addingTimeInterval(60))
        var view = DraftView(draft, requiredApprovals: 2)
        view.approvedHash = awkward("approved")
        view.labels = [awkward("label"), "plain"]
        view.publishedUrl = "https://e.example/a/b?q=\"x\"&y=\\"
        view.externalId = awkward("external")
        view.allowedActions = [awkward("action")]
        view.dueAt = at.addingTimeInterval(3600)
        view.overdue = true
        view.acknowledgedUntil = at.addingTimeInterval(7200)
        view.reviewers = [awkward("reviewer")]
        view.whoseMove = awkward("move")
        view.timeZone = awkward("zone")
        view.next = [
            NextStepView(
                at: at, action: awkward("step"), rule: awkward("rule"), local: awkward("local"),
                notify: [awkward("notify"), ""])
        ]
        return view
    }

    /// Every optional nil and every list empty.
    static func sparseView() -> DraftView {
        let draft = Draft(
            id: 1, client: "c", lane: .normal, state: .draft, revision: 1,
            content: Content(title: "", body: "", channels: [], publishAt: nil), contentHash: "h", author: "a",
            revisionAuthor: "a", revisionAuthorSide: .company, createdAt: at, updatedAt: at)
        var view = DraftView(draft, requiredApprovals: 0)
        view.allowedActions = []
        view.whoseMove = nil
        return view
    }

    @Test(arguments: [HandJSONAgreementTests.awkwardView(), HandJSONAgreementTests.sparseView()])
    func aDraftViewSaysTheSameByHandAndByJSONEncoder(view: DraftView) throws {
        let byHand = Data(view.jsonText.utf8)
        let byEncoder = try WireJSON.encoder().encode(view)
        #expect(try Self.canonical(byHand) == Self.canonical(byEncoder))
        let decoder = WireJSON.decoder()
        #expect(try decoder.decode(DraftView.self, from: byHand) == view)
        #expect(try decoder.decode(DraftView.self, from: byEncoder) == view)
        // flowctl's fast reader, on both texts.
        #expect(DraftView(jsonData: byHand) == view)
        #expect(DraftView(jsonData: byEncoder) == view)
    }

    @Test func aSparseDraftViewWritesNoKeyForANilValue() throws {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(Self.sparseView().jsonText.utf8)) as? [String: Any])
        for key in [
            "publish_at", "approved_hash", "published_url", "external_id", "due_at", "acknowledged_until", "whose_move",
        ] {
            #expect(object[key] == nil, "\(key) written for a nil value")
        }
        #expect((object["approvals"] as? [Any])?.isEmpty == true)
        #expect((object["next"] as? [Any])?.isEmpty == true)
    }

    @Test(arguments: [Int64?.none, 17])
    func aDraftListSaysTheSameByHandAndByJSONEncoder(nextBefore: Int64?) throws {
        let list = DraftList(drafts: [Self.awkwardView(), Self.sparseView()], nextBefore: nextBefore)
        let byHand = Data(list.jsonText.utf8)
        let byEncoder = try WireJSON.encoder().encode(list)
        #expect(try Self.canonical(byHand) == Self.canonical(byEncoder))
        for data in [byHand, byEncoder] {
            let decoded = try WireJSON.decoder().decode(DraftList.self, from: data)
            #expect(decoded.drafts == list.drafts)
            #expect(decoded.nextBefore == nextBefore)
        }
        let object = try #require(try JSONSerialization.jsonObject(with: byHand) as? [String: Any])
        #expect((object["next_before"] != nil) == (nextBefore != nil))
    }
}

@Suite struct EventViewHandJSONTests {
    @Test func anEventWrittenByHandDecodesLikeTheCodableOne() throws {
        let at = Date(timeIntervalSince1970: 1_790_000_000.125)
        let full = EventView(
            Event(
                id: 9, draftID: 3, at: at, actor: "carl", via: "webhook:ci", kind: .requestChanges, from: .review,
                to: .draft, revision: 2, message: "tab\there \"quoted\" \u{1}", data: ["rule": "r", "a": "b"]),
            client: "acme")
        let bare = EventView(
            Event(
                id: 1, draftID: 1, at: at, actor: "ana", via: nil, kind: .create, from: nil, to: .draft, revision: 1,
                message: nil, data: [:]))
        for view in [full, bare] {
            let decoder = WireJSON.decoder()
            let byHand = try decoder.decode(EventView.self, from: Data(view.json.bytes))
            #expect(byHand == view)
            let handKeys = try #require(try JSONSerialization.jsonObject(with: Data(view.json.bytes)) as? [String: Any])
            let codableKeys = try #require(
                try JSONSerialization.jsonObject(with: try WireJSON.encoder().encode(view)) as? [String: Any])
            #expect(Set(handKeys.keys) == Set(codableKeys.keys))
        }
    }
}

@Suite struct ActionRequestHandDecodedTests {
    @Test func theDaemonsFastReaderAgreesWithJSONDecoder() throws {
        let full = Data(
            """
            {"revision": 3, "message": "m \\"q\\"", "title": "T", "body": "line\\nline", "channels": ["x", "linkedin"],
             "publish_at": "2026-05-01T09:30:00.125Z", "clear_publish_at": false, "url": "https://e.example/1",
             "external_id": "x1", "content_hash": "sha256:ab", "until": "2026-05-01T11:30:00+02:00", "extra": [1]}
            """.utf8)
        for data in [full, Data("{}".utf8), Data(#"{"message": "bench"}"#.utf8)] {
            let fast = try #require(ActionRequest(jsonData: data))
            let slow = try WireJSON.decoder().decode(ActionRequest.self, from: data)
            #expect(try WireJSON.encoder().encode(fast) == WireJSON.encoder().encode(slow))
        }
        // Whatever JSONDecoder refuses, the fast reader leaves to it, for its error message.
        for bad in [
            #"{"revision": "3"}"#, #"{"revision": 1.5}"#, #"{"revision": true}"#, #"{"channels": "x"}"#,
            #"{"until": "tomorrow"}"#, #"{"clear_publish_at": 1}"#, "[1]", "{",
        ] {
            #expect(ActionRequest(jsonData: Data(bad.utf8)) == nil, "\(bad)")
            #expect(throws: (any Error).self) {
                try WireJSON.decoder().decode(ActionRequest.self, from: Data(bad.utf8))
            }
        }
    }

    /// On each of these, the fast reader's result is what JSONDecoder makes of it, or nil (JSONDecoder decides).
    /// Not among them: a repeated key, which JSONSerialization reads as its last value and JSONDecoder as its first.
    @Test func theOnePassReaderAgreesWithJSONDecoderOnOddInputs() throws {
        let texts = [
            #" { "message" : "a" , "revision" : 0 } "#, "{\t\"message\":\n\"x\"\r}", #"{"revision": -0}"#,
            #"{"revision": 01}"#, #"{"revision": 1e2}"#, #"{"revision": 1.0}"#, #"{"revision": -7}"#,
            #"{"revision": 9007199254740992}"#, #"{"revision": 9007199254740993}"#,
            #"{"revision": 99999999999999999999}"#,
            #"{"message": "a",}"#, #"{"message": null}"#, #"{"other": null}"#,
            #"{"other": {"nested": 1}}"#, #"{"other": [1, 2]}"#, #"{"channels": []}"#, #"{"channels": ["a",]}"#,
            #"{"channels": ["a", 1]}"#, #"{"message": "ünï ✓ 🚀"}"#, "{\"message\": \"tab\u{9}inside\"}",
            #"{"message": "escA"}"#, #"{"clear_publish_at": true} x"#, #"{"clear_publish_at": truex}"#,
            #"{"clear_publish_at": tru}"#, #"{"publish_at": "2026-05-01T09:30:00Z"}"#, "", " ", "{}{}", #"{"a":}"#,
            #"{"a" "b"}"#, #"{a: 1}"#, "\u{FEFF}{\"message\": \"bom\"}",
        ]
        var inputs = texts.map { Data($0.utf8) }
        inputs.append(Data([0x7B, 0x22, 0x6D, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]))  // {"m":"\xFF\xFE"}
        inputs.append(Data([0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D]))  // a key cut inside a character
        for data in inputs {
            let fast = ActionRequest(jsonData: data)
            let slow = try? WireJSON.decoder().decode(ActionRequest.self, from: data)
            let shown = String(decoding: data, as: UTF8.self)
            if let fast {
                let expected = try #require(slow, "accepted what JSONDecoder refuses: \(shown)")
                #expect(try WireJSON.encoder().encode(fast) == WireJSON.encoder().encode(expected), "\(shown)")
            }
        }
        // The common bodies come out right.
        let common = try #require(ActionRequest(jsonData: Data(#"{"message":"bench","revision":2}"#.utf8)))
        #expect(common.message == "bench" && common.revision == 2)
    }
}

/// The flat reader against JSONSerialization: whatever it reads, JSONSerialization reads the same (each key's last
/// value); whatever else it leaves (nil) to the general path.
@Suite struct FlatJSONTests {
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
            guard let members = FlatJSON.object(data) else { continue }
            read += 1
            let general = try #require(
                try? JSONSerialization.jsonObject(with: data) as? [String: Any], "read what is not JSON: \(shown)")
            var last: [String: FlatJSON.Value] = [:]
            for (key, value) in members { last[key] = value }
            #expect(Set(last.keys) == Set(general.keys), "\(shown)")
            for (key, value) in general {
                #expect(FastJSON.flat(value) == last[key], "\(shown): \(key)")
            }
        }
        #expect(read == 13)  // the flat ones above, all of them
    }

    @Test func itReadsTheCommonFormsAndLeavesTheRest() {
        #expect(
            FlatJSON.object(Data(#"{"message":"a \"q\" \u00e9","revision":-3,"x":true,"c":["l"]}"#.utf8))?.map(\.value)
                == [.string("a \"q\" é"), .integer(-3), .bool(true), .strings(["l"])])
        for text in [
            #"{"z": null}"#, #"{"n": 1.5}"#, #"{"u": "\uD83D"}"#, #"{"o": {}}"#, #"{"n": 1000000000000000}"#,
            "{\"c\": \"\u{1}\"}", #"{"a": 1} x"#,
        ] {
            #expect(FlatJSON.object(Data(text.utf8)) == nil, "\(text)")
        }
        // A surrogate pair through the one strict string reader.
        #expect(FlatJSON.object(Data(#"{"u": "\uD83D\uDE80"}"#.utf8))?.map(\.value) == [.string("🚀")])
        // A repeated key reads as its last value, as JSONSerialization reads it.
        let repeated = FlatJSON.object(Data(#"{"r": 1, "s": "x", "r": "b"}"#.utf8))
        #expect(repeated?.map(\.key) == ["s", "r"])
        #expect(repeated?.map(\.value) == [.string("x"), .string("b")])
    }
}
