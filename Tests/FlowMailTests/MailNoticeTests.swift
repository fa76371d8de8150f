import FlowMail
import Foundation
import Testing

@Suite struct MailNoticeTests {
    /// Decoded from JSON as flowd-mail decodes its standard input.
    static func envelope(title: String, people: [[String: Any]], links: [String: String] = [:]) throws
        -> MailEnvelope
    {
        let json: [String: Any] = [
            "type": "draft.submitted",
            "data": [
                "draft": ["title": title, "client": "acme", "client_name": "ACME"],
                "event": ["actor": "ana"], "notify": people, "links": links,
                "next": ["local": "2026-06-08 14:30 Europe/Berlin", "action": "escalate"],
            ] as [String: Any],
        ]
        return try #require(MailEnvelope.decode(JSONSerialization.data(withJSONObject: json)))
    }

    @Test func onePersonOneMessageInTheirLanguageWithTheirLink() throws {
        let mails = try MailNotice(
            envelope: Self.envelope(
                title: "Launch",
                people: [
                    ["name": "carl", "email": "carl@acme.example", "locale": "de"],
                    ["name": "dora", "email": "dora@acme.example"], ["name": "nomail"],
                ], links: ["carl": "https://flowd.example/r/abc"])
        ).messages(from: "flowd@agency.example", id: "msg_1", now: Date(timeIntervalSince1970: 0))
        #expect(mails.count == 2)
        let carl = try #require(mails.first)
        #expect(carl.contains("To: carl@acme.example\r\n"))
        #expect(carl.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(carl.contains("Message-ID: <msg_1.carl@flowd>\r\n"))
        #expect(carl.contains("Content-Type: multipart/alternative;"))
        let subject = "Zur Freigabe: „Launch“ (ACME)"
        #expect(carl.contains("Subject: =?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="))
        let plain = try #require(Self.parts(carl).first)
        #expect(plain.contains("Hallo Carl,"))
        #expect(plain.contains("https://flowd.example/r/abc"))
        #expect(plain.contains("Nächster Schritt: 2026-06-08 14:30 Europe/Berlin"))
        let dora = try #require(Self.parts(mails[1]).first)
        #expect(dora.hasPrefix("Hello Dora,"))
        #expect(!dora.contains("/r/"), "dora has no link of her own")
    }

    /// The mail to carl of an envelope of `type` with `data` (carl added as the one told).
    static func carlsMail(type: String, _ data: [String: Any]) throws -> String {
        var data = data
        data["notify"] = [["name": "carl", "email": "carl@acme.example"]]
        let json: [String: Any] = ["type": type, "data": data]
        let envelope = try #require(MailEnvelope.decode(JSONSerialization.data(withJSONObject: json)))
        return try #require(
            MailNotice(envelope: envelope).messages(from: "f@a.example", id: "m", now: Date(timeIntervalSince1970: 0))
                .first)
    }

    /// Issue 33: a crisis mail said `“” (ACME Corp)` with an empty body; it names the crisis and who declared it.
    @Test func aCrisisMailSaysWhatHappenedAndWhoDeclaredIt() throws {
        let mail = try Self.carlsMail(
            type: "crisis",
            ["client": "acme", "client_name": "ACME Corp", "message": "Login outage", "started_by": "ana"])
        #expect(mail.contains("Subject: Crisis at ACME Corp: Login outage\r\n"))
        let plain = try #require(Self.parts(mail).first)
        #expect(plain.contains("Ana declared crisis mode for ACME Corp"))
        #expect(!plain.contains("“”"))
    }

    /// Issue 33: in an objection window the mail read like an ordinary request for approval.
    @Test func anObjectionWindowsMailSaysItGoesOutUnlessObjected() throws {
        let mail = try Self.carlsMail(
            type: "draft.submitted",
            ["draft": ["title": "Launch", "client_name": "ACME", "review_mode": "unless-objected"]])
        // The body repeats the subject, which the header carries in encoded words.
        #expect(try #require(Self.parts(mail).first).contains("Goes out unless you object: “Launch” (ACME)"))
        #expect(mail.contains("Subject: =?UTF-8?B?R29lcyBvdXQgdW5sZXNzIHlvdSBvYmplY3Q6"))
    }

    @Test func userTextCannotAddHeadersOrMarkup() throws {
        let mails = try MailNotice(
            envelope: Self.envelope(
                title: "Hi\r\nBcc: all@example.com <b>x</b>",
                people: [
                    ["name": "carl", "email": "carl@acme.example"], ["name": "evil", "email": "a@b\r\nBcc: x@y"],
                ])
        ).messages(from: "flowd@agency.example", id: "m", now: Date(timeIntervalSince1970: 0))
        #expect(mails.count == 1, "an address with a line break is no address")
        let mail = try #require(mails.first)
        let headers = mail.components(separatedBy: "\r\n\r\n").first ?? ""
        #expect(!headers.contains("Bcc"))
        let html = try #require(Self.parts(mail).last)
        #expect(html.contains("&lt;b&gt;x&lt;/b&gt;"))
        #expect(!html.contains("<b>x</b>"))
    }

    @Test func aFieldOfAnotherTypeReadsAsAbsent() throws {
        let json = #"""
            {"type": 7, "data": {"draft": {"title": 1, "client": "acme"}, "event": [],
             "notify": [{"name": "carl", "email": "carl@acme.example", "locale": 3}, {"name": 5, "email": "x@y"}],
             "links": {"carl": 1}, "next": "soon"}}
            """#
        let envelope = try #require(MailEnvelope.decode(Data(json.utf8)))
        #expect(envelope.type == nil && envelope.draft.title == nil && envelope.draft.client == "acme")
        #expect(envelope.links.isEmpty && envelope.next == nil && envelope.event.actor == nil)
        let mails = MailNotice(envelope: envelope).messages(from: "f@x", id: "m", now: Date(timeIntervalSince1970: 0))
        #expect(mails.count == 1, "carl has a name and an address; the other has no name")
        #expect(MailEnvelope.decode(Data("[1]".utf8)) == nil, "no object, no notification")
    }

    /// The decoded text of each part.
    static func parts(_ mail: String) -> [String] {
        mail.components(separatedBy: "Content-Transfer-Encoding: base64\r\n\r\n").dropFirst().compactMap { part in
            let encoded = part.components(separatedBy: "\r\n--").first?.replacingOccurrences(of: "\r\n", with: "") ?? ""
            return Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Issue 33: mail carries the person's inbox (everything waiting for them) and is signed by the agency.
    @Test func aMailCarriesThePersonsInboxAndTheAgencysName() throws {
        let mail = try Self.carlsMail(
            type: "draft.submitted",
            [
                "draft": ["title": "Launch", "client": "acme", "client_name": "ACME"],
                "event": ["actor": "ana"], "links": ["carl": "https://flowd.example/r/abc"],
                "inboxes": ["carl": "https://flowd.example/i/xyz", "dora": "https://flowd.example/i/other"],
                "agency": "Northwind & Co",
            ])
        let parts = Self.parts(mail)
        let plain = try #require(parts.first)
        #expect(plain.contains("Everything waiting for you:\nhttps://flowd.example/i/xyz"))
        #expect(!plain.contains("/i/other"), "only carl's own inbox")
        #expect(plain.hasSuffix("-- \nNorthwind & Co · ACME\n"), "\(plain)")
        let html = try #require(parts.last)
        #expect(html.contains(#"<a href="https://flowd.example/i/xyz">"#))
        #expect(html.contains("Northwind &amp; Co · ACME"))
    }
}
