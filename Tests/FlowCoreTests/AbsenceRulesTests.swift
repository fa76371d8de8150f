import FlowCore
import Foundation
import Testing

/// Absences: who may record one, who may stand in, and who reviews in an absent person's place.
@Suite struct AbsenceRulesTests {
    static let directory = Directory(
        clients: [
            "acme": Client(id: "acme", name: "ACME", approvers: ["carl", "dora"], backupApprovers: ["eve"]),
            "beta": Client(id: "beta", name: "Beta", approvers: ["dora"], members: ["fred"]),
        ],
        users: [
            User(name: "carl", side: .company, roles: [.approver]),
            User(name: "dora", side: .company, roles: [.approver]),
            User(name: "eve", side: .company, roles: [.approver]),
            User(name: "gus", side: .company, roles: [.approver]),
            User(name: "fred", side: .company, roles: [.author]),
            User(name: "ana", side: .agency, roles: [.author]),
            User(name: "bea", side: .agency, roles: [.author], clients: ["beta"]),
            User(name: "ops", side: .agency, roles: [.admin]),
        ])
    static let now = Date(timeIntervalSince1970: 1_797_000_000)
    static func day(_ n: Double) -> Date { now.addingTimeInterval(n * 86_400) }
    static func user(_ name: String) -> User { directory.users[name]! }

    static func away(_ person: String, _ from: Double, _ until: Double, to standIn: String? = nil, id: Int64 = 0)
        -> Absence
    {
        Absence(id: id, person: person, from: day(from), until: day(until), standIn: standIn, setBy: person)
    }

    static func refusal(_ absence: Absence, existing: [Absence] = [], by actor: String? = nil) -> String? {
        do throws(Refusal) {
            let name = actor ?? absence.person
            let by = directory.users[name] ?? User(name: name, side: .company, roles: [])
            try directory.checkAbsence(absence, by: by, now: now)
            try directory.checkAbsence(absence, against: existing, now: now)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func theStandInIsFollowedThroughTheirOwnAbsenceAndAChainThatGoesRoundHasNobody() {
        let d = Self.directory
        let absences = [Self.away("carl", 1, 10, to: "dora"), Self.away("dora", 3, 5, to: "eve")]
        #expect(d.standIn(for: "carl", at: Self.day(0), absences: absences) == .present("carl"))
        #expect(d.standIn(for: "carl", at: Self.day(2), absences: absences) == .standIn("dora", chain: ["carl"]))
        #expect(
            d.standIn(for: "carl", at: Self.day(4), absences: absences) == .standIn("eve", chain: ["carl", "dora"]))
        #expect(d.standIn(for: "carl", at: Self.day(10), absences: absences) == .present("carl"), "until is the end")
        #expect(d.standIn(for: "eve", at: Self.day(4), absences: absences) == .present("eve"))
        var ended = absences[0]
        ended.endedAt = Self.day(2)
        #expect(d.standIn(for: "carl", at: Self.day(2), absences: [ended]) == .present("carl"), "ended early")
        #expect(
            d.standIn(for: "gus", at: Self.day(2), absences: [Self.away("gus", 1, 5)]) == .nobody(chain: ["gus"]))
        let round = [Self.away("carl", 1, 5, to: "dora"), Self.away("dora", 1, 5, to: "carl")]
        #expect(d.standIn(for: "carl", at: Self.day(2), absences: round) == .nobody(chain: ["carl", "dora"]))
    }

    @Test func whoReviewsWhere() {
        #expect(Self.directory.reviewedClients(by: Self.user("carl")) == ["acme"])
        #expect(Self.directory.reviewedClients(by: Self.user("eve")) == ["acme"], "a backup approver reviews too")
        #expect(Self.directory.reviewedClients(by: Self.user("dora")) == ["acme", "beta"])
        #expect(Self.directory.reviewedClients(by: Self.user("fred")).isEmpty)
    }

    @Test func anAbsenceTheRulesAllowIsTaken() {
        #expect(Self.refusal(Self.away("carl", 1, 10, to: "dora")) == nil, "by the person")
        #expect(Self.refusal(Self.away("carl", 1, 10, to: "eve"), by: "ops") == nil, "by an admin")
        #expect(Self.refusal(Self.away("carl", -1, 10), by: "ana") == nil, "begun already, by the agency, nobody")
        #expect(
            Self.refusal(Self.away("carl", 12, 14, to: "dora"), existing: [Self.away("carl", 1, 10)]) == nil,
            "a later absence of the same person")
    }

    @Test(
        arguments: [
            (AbsenceRulesTests.away("zed", 1, 2), nil, "no user \"zed\""),
            (AbsenceRulesTests.away("carl", 1, 2), "fred", "fred may not record carl's absence"),
            (AbsenceRulesTests.away("carl", 1, 2), "bea", "bea may not record carl's absence"),
            (AbsenceRulesTests.away("carl", 3, 2), nil, "the absence ends before it begins"),
            (AbsenceRulesTests.away("carl", -3, -1), nil, "the absence lies in the past"),
            (AbsenceRulesTests.away("carl", 1, 2, to: "carl"), nil, "carl cannot stand in for themselves"),
            (AbsenceRulesTests.away("carl", 1, 2, to: "ana"), nil, "ana is on the agency side"),
            (AbsenceRulesTests.away("carl", 1, 2, to: "zed"), nil, "no user \"zed\" to stand in"),
            (AbsenceRulesTests.away("carl", 1, 2, to: "fred"), nil, "fred may not review for acme"),
            (AbsenceRulesTests.away("dora", 1, 2, to: "carl"), nil, "carl may not review for beta, which dora reviews"),
        ] as [(Absence, String?, String)])
    func anAbsenceTheRulesForbidIsRefusedWithItsReason(absence: Absence, actor: String?, reason: String) {
        let refused = Self.refusal(absence, by: actor)
        #expect(refused?.contains(reason) == true, "\(refused ?? "taken")")
    }

    /// The times a refusal names are the person's clients' clock, as `flowctl away` reads what was typed; with no
    /// single zone among their clients, UTC, said as such. Never ISO.
    @Test func aClashIsToldInThePersonsZone() {
        let hours = BusinessHours(timeZone: TimeZone(identifier: "Europe/Berlin")!)
        let berlin = Directory(
            clients: [
                "acme": Client(id: "acme", name: "ACME", approvers: ["carl"], hours: hours),
                "beta": Client(id: "beta", name: "Beta", approvers: ["dora"]),
            ],
            users: ["carl", "dora"].map { User(name: $0, side: .company, roles: [.approver]) })
        func clash(_ person: String) -> String? {
            do throws(Refusal) {
                try berlin.checkAbsence(
                    Self.away(person, 2, 3), against: [Self.away(person, 1, 10, id: 7)], now: Self.now)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(
            clash("carl")?.hasPrefix("carl is already away from Sat 12 Dec, 15:40 CET until Mon 21 Dec, 15:40 CET")
                == true, "\(clash("carl") ?? "taken")")
        #expect(clash("dora")?.hasPrefix("dora is already away from Sat 12 Dec, 14:40 UTC until") == true)
    }

    @Test func overlapsCyclesAndLongChainsAreRefused() {
        let carl = Self.away("carl", 1, 10, to: "dora", id: 7)
        #expect(Self.refusal(Self.away("carl", 9, 12), existing: [carl])?.contains("absence 7") == true)
        let round = Self.refusal(Self.away("dora", 5, 6, to: "carl"), existing: [Self.away("carl", 1, 10, to: "eve")])
        #expect(round?.contains("carl may not review for beta") == true, "carl cannot stand in for dora at all")
        let cycle = Self.refusal(
            Self.away("eve", 4, 6, to: "carl"), existing: [carl, Self.away("dora", 3, 8, to: "eve")])
        #expect(cycle?.contains("go round") == true && cycle?.contains("carl → dora → eve → carl") == true)
        let gus = Directory(
            clients: ["acme": Client(id: "acme", name: "ACME", approvers: ["a", "b", "c", "d", "e"])],
            users: ["a", "b", "c", "d", "e"].map { User(name: $0, side: .company, roles: [.approver]) })
        let chain = ["a", "b", "c"].enumerated().map { index, name in
            Absence(
                person: name, from: Self.day(1), until: Self.day(5), standIn: ["b", "c", "d"][index], setBy: name)
        }
        do throws(Refusal) {
            let fourth = Absence(person: "d", from: Self.day(2), until: Self.day(3), standIn: "e", setBy: "d")
            try gus.checkAbsence(fourth, by: User(name: "d", side: .company, roles: [.approver]), now: Self.now)
            try gus.checkAbsence(fourth, against: chain, now: Self.now)
            Issue.record("a fourth stand-in in a row is refused")
        } catch {
            #expect(error.message.contains("run too long"))
        }
    }

    @Test func aMessageIsBoundedAndHoldsNoControlCharacters() {
        var long = Self.away("carl", 1, 2)
        long.message = String(repeating: "x", count: Absence.maxMessageBytes + 1)
        #expect(Self.refusal(long)?.contains("longer than") == true)
        long.message = "back on\u{1B}[2J Monday"
        #expect(Self.refusal(long)?.contains("control character") == true)
        long.message = "Back on Monday.\nAsk Dora meanwhile."
        #expect(Self.refusal(long) == nil)
    }
}
