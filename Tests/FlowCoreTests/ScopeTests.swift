import FlowCore
import Testing

@Suite struct ScopeTests {
    /// `sees(_:client:)` is the scope rule for one client: the same answer as the whole scope, for everyone.
    @Test func seeingOneClientIsTheScopeAskedOfThatClient() {
        let directory = World.rules
        for user in directory.users.values {
            for client in Array(directory.clients.keys) + ["gone"] {
                #expect(
                    directory.sees(user, client: client) == directory.scope(of: user).contains(client),
                    "\(user.name) and \(client)")
            }
        }
    }

    @Test func scopeFollowsSideRolesAndClientLists() {
        let directory = World.rules
        #expect(directory.scope(of: World.adm) == .everything)
        #expect(directory.scope(of: World.ana) == .everything)
        #expect(directory.scope(of: World.nora) == .clients(["globex"]))
        #expect(directory.scope(of: World.carl) == .clients(["acme"]))
        #expect(directory.scope(of: World.cora) == .clients(["acme"]))
        #expect(directory.scope(of: World.bea) == .clients(["acme"]))
        #expect(directory.scope(of: World.eve) == .clients(["globex"]))
        let stranger = User(name: "zed", side: .company, roles: [.approver, .author])
        #expect(directory.scope(of: stranger) == .clients([]))
        #expect(!directory.scope(of: stranger).contains("acme"))
    }

    @Test func anOrphanedDraftIsForAdminsOnly() throws {
        let review = try World.inReview()
        var directory = World.rules
        directory.clients["acme"] = nil
        func act(_ command: Command, _ user: User, message: String? = "m") -> Refusal? {
            refusal { () throws(Refusal) in
                try Workflow.decide(
                    Request(command, message: message), on: review, by: Actor(user: user), directory: directory,
                    now: World.t0)
            }
        }
        #expect(act(.comment, World.bob)?.code == .forbidden)
        #expect(act(.comment, World.bob)?.message.contains("only an admin may act on it") == true)
        #expect(act(.withdraw, World.ana)?.code == .forbidden)
        // ACME's approver belongs to no client any more, so sees nothing; the approver check is never skipped.
        #expect(act(.approve, World.carl)?.code == .notFound)
        #expect(act(.approve, World.nora)?.code == .notFound)
        #expect(act(.comment, World.adm) == nil)
        #expect(act(.withdraw, World.adm) == nil)
        let approver = User(name: "root", side: .company, roles: [.admin, .approver])
        #expect(act(.approve, approver)?.message.contains("not in the config") == true)
    }
}
