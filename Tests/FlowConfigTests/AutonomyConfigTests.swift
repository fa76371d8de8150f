import FlowConfig
import FlowCore
import Foundation
import Testing

/// Earned autonomy in config: granted by a client for one of its lanes, never globally, always complete.
@Suite struct AutonomyConfigTests {
    static let base = """
        [[users]]
        name = "carl"
        side = "company"
        roles = ["approver"]

        [[clients]]
        id = "acme"
        approvers = ["carl"]

        """

    static func issues(_ text: String) -> [String] {
        do {
            _ = try ConfigLoader.parse(base + text, path: "test.toml", baseDirectory: "/srv/flowd", host: TableHost())
            return []
        } catch {
            return error.issues.map(\.message)
        }
    }

    @Test func aClientGrantsItForOneLane() throws {
        let config = try ConfigLoader.parse(
            Self.base + """
                [clients.lanes.normal]
                autonomy = { after = 20, share = 0.9, objection_window = "2h" }
                templates = true
                """, path: "test.toml", baseDirectory: "/srv/flowd", host: TableHost())
        let policy = config.directory.policy(for: .normal, client: "acme")
        #expect(policy.autonomy == AutonomyPolicy(after: 20, share: 0.9, window: TimeSpan(seconds: 7_200)))
        #expect(policy.allowTemplates)
        #expect(config.directory.policy(for: .urgent, client: "acme").autonomy == nil)
        #expect(config.directory.policy(for: .normal, client: "other").autonomy == nil)
    }

    @Test func anythingElseIsRefusedWithItsReason() {
        #expect(
            Self.issues("[lanes.normal]\nautonomy = { after = 20, share = 0.9, objection_window = \"2h\" }\n")
                .contains { $0.contains("autonomy is the client's to grant") })
        let cases: [(String, String)] = [
            (#"{ after = 20, share = 1.5, objection_window = "2h" }"#, "share must be a number from 0.5 to 1.0"),
            (#"{ after = 1, share = 0.9, objection_window = "2h" }"#, "after must be between 2 and 500"),
            (#"{ after = 20, share = 0.9 }"#, "needs after, share and objection_window"),
            (#"{ after = 20, share = 0.9, objection_window = "soon" }"#, "is not a duration"),
            (#"{ after = 20, share = 0.9, objection_window = "2h", silent = true }"#, "unknown key"),
            (#""yes""#, "must be a table"),
        ]
        for (value, message) in cases {
            let found = Self.issues("[clients.lanes.normal]\nautonomy = \(value)\n")
            #expect(found.contains { $0.contains(message) }, "\(value): \(found)")
        }
        #expect(
            Self.issues("[clients.lanes.crisis]\ntemplates = \"yes\"\n").contains {
                $0.contains("templates must be true or false")
            })
    }
}
