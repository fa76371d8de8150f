import FlowCore
import Foundation
import TOMLKit

extension Reader {
    mutating func read(_ root: TOMLTable, path configPath: String, baseDirectory: String) -> DaemonConfig? {
        checkKeys(
            root, "",
            allowed: [
                "daemon", "users", "clients", "lanes", "groups", "webhooks", "notify", "digest", "metrics", "channels",
                "media", "agency",
            ])
        func resolve(_ path: String) -> String {
            path.hasPrefix("/")
                ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardized.path
        }
        let daemon = daemonSection(root, resolve: resolve)
        let database = daemon.database
        let linkKey = linkKeySource(root["daemon"]?.table, database: database, resolve: resolve)
        let (users, narrowings) = users(root)
        let groups = groups(root, users: users)
        let lanes = lanes(root, groups: groups)
        let clients = clients(root, users: users, lanes: lanes, groups: groups)
        var webhooks: PublicServerConfig?
        if let value = root["webhooks"] {
            if let table = value.table {
                webhooks = webhookConfig(table, users: users, resolve: resolve)
            } else {
                issue("webhooks", "webhooks must be a table")
            }
        }
        checkMembership(users: users, clients: clients, narrowings: narrowings)
        let sinks = sinks(root, users: users, clients: Set(clients.keys), resolve: resolve)
        var directory = Directory(clients: clients, lanes: lanes, users: users.map(\.user), groups: groups)
        checkEscalationScope(directory)
        directory.reviewLinks = webhooks?.publicURL != nil
        directory.linkMaxAge = webhooks?.linkMaxAge ?? directory.linkMaxAge
        directory.channels = channels(root)
        directory.media = media(root)
        directory.agencyName = agencyName(root)
        var config = DaemonConfig(
            path: configPath, socket: daemon.socket, socketGroup: daemon.socketGroup, database: database,
            maxBodyBytes: daemon.maxBody, logLevel: daemon.logLevel, users: users, directory: directory,
            webhooks: webhooks, sinks: sinks)
        config.retention = daemon.retention
        config.linkKey = linkKey
        if let value = root["metrics"] {
            if let table = value.table {
                (config.metricsListen, config.metricsToken) = metrics(table, resolve: resolve)
            } else {
                issue("metrics", "metrics must be a table ([metrics])")
            }
        }
        if let value = root["digest"] {
            if let table = value.table {
                checkKeys(table, "digest", allowed: ["at"])
                if let text = string(table, "at", "digest") {
                    if let time = TimeOfDay(text), time.minutes < 24 * 60 {
                        config.digestAt = time
                    } else {
                        issue("digest.at", "digest.at: \(quoted(text)) is not a time like 08:30")
                    }
                }
            } else {
                issue("digest", "digest must be a table ([digest])")
            }
        }
        return config
    }

    /// `[[users]]`, and the agency users' `clients = [...]` narrowings with where they were written.
    mutating func users(_ root: TOMLTable) -> ([UserEntry], [(path: String, names: [String])]) {
        var users: [UserEntry] = []
        var uids: [UInt32: String] = [:]
        var userClients: [(path: String, names: [String])] = []
        for (index, table) in tables(root, "users").enumerated() {
            let path = "users[\(index)]"
            checkKeys(
                table, path,
                allowed: ["name", "side", "roles", "unix_user", "uid", "email", "slack_id", "clients", "locale"])
            guard let name = string(table, "name", path, required: true) else { continue }
            if !Workflow.isIdentifier(name) {
                issue("\(path).name", "user name \(quoted(name)) must be lower-case letters, digits, - _ or .")
            }
            if users.contains(where: { $0.user.name == name }) {
                issue("\(path).name", "user \(quoted(name)) is defined twice")
            }
            var side = Side.agency
            if let raw = string(table, "side", path, required: true) {
                if let parsed = Side(rawValue: raw) {
                    side = parsed
                } else {
                    issue("\(path).side", "\(path).side must be \"agency\" or \"company\", not \(quoted(raw))")
                }
            }
            var roles: Set<Role> = []
            for raw in strings(table, "roles", path) ?? [] {
                if let role = Role(rawValue: raw) {
                    roles.insert(role)
                } else {
                    issue(
                        "\(path).roles",
                        "unknown role \(quoted(raw)); roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
            }
            var uid: UInt32?
            if table["uid"] != nil, let number = int(table, "uid", path, range: 0...Int(UInt32.max - 1)) {
                uid = UInt32(number)
            }
            if let unixUser = string(table, "unix_user", path) {
                if uid != nil {
                    issue("\(path).unix_user", "\(path) sets both uid and unix_user; keep one")
                } else if unixUser == "@self" {
                    uid = host.currentUserID
                } else if let found = host.userID(named: unixUser) {
                    uid = found
                } else {
                    issue("\(path).unix_user", "unix user \(quoted(unixUser)) does not exist on this machine")
                }
            }
            if let uid {
                if let other = uids[uid] {
                    issue("\(path)", "users \(quoted(other)) and \(quoted(name)) map to the same uid \(uid)")
                }
                uids[uid] = name
            }
            var narrowed: Set<String>?
            if let names = strings(table, "clients", path) {
                if side == .company {
                    issue(
                        "\(path).clients",
                        "\(path).clients: company-side users belong to the clients that list them "
                            + "(approvers, backup_approvers, members); clients = [...] narrows agency users only")
                } else {
                    narrowed = Set(names)
                    userClients.append((path, names))
                }
            }
            users.append(
                UserEntry(
                    user: User(
                        name: name, side: side, roles: roles, clients: narrowed, locale: locale(table, path)),
                    uid: uid,
                    email: string(table, "email", path), slackID: string(table, "slack_id", path)))
        }
        return (users, userClients)
    }

    mutating func groups(_ root: TOMLTable, users: [UserEntry]) -> [String: [String]] {
        var groups: [String: [String]] = [:]
        if let value = root["groups"] {
            if let table = value.table {
                for name in table.keys {
                    let path = "groups.\(name)"
                    if ["all", "backup_approvers"].contains(name) || !Workflow.isIdentifier(name) {
                        issue(path, "group name \(quoted(name)) is reserved or not a plain name")
                    }
                    let members = strings(table, name, "groups") ?? []
                    for member in members where !users.contains(where: { $0.user.name == member }) {
                        issue(path, "group \(quoted(name)) names unknown user \(quoted(member))")
                    }
                    groups[name] = members
                }
            } else {
                issue("groups", "groups must be a table of name = [users]")
            }
        }
        return groups
    }

    mutating func lanes(_ root: TOMLTable, groups: [String: [String]]) -> [Lane: LanePolicy] {
        var lanes: [Lane: LanePolicy] = [:]
        if let value = root["lanes"] {
            if let table = value.table {
                for key in table.keys {
                    guard let lane = Lane(rawValue: key) else {
                        issue(
                            "lanes.\(key)",
                            "unknown lane \(quoted(key)); lanes are \(Lane.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                        continue
                    }
                    guard let laneTable = table[key]?.table else {
                        issue("lanes.\(key)", "lanes.\(key) must be a table")
                        continue
                    }
                    lanes[lane] = policy(
                        laneTable, "lanes.\(key)", base: LanePolicy.defaults(for: lane), groups: groups)
                }
            } else {
                issue("lanes", "lanes must be a table")
            }
        }
        return lanes
    }

    mutating func clients(
        _ root: TOMLTable, users: [UserEntry], lanes: [Lane: LanePolicy], groups: [String: [String]]
    ) -> [String: Client] {
        var clients: [String: Client] = [:]
        for (index, table) in tables(root, "clients").enumerated() {
            let path = "clients[\(index)]"
            checkKeys(
                table, path,
                allowed: [
                    "id", "name", "approvers", "backup_approvers", "members", "timezone", "hours", "lanes", "locale",
                    "cadence", "crisis_roster",
                ])
            guard let id = string(table, "id", path, required: true) else { continue }
            if !Workflow.isIdentifier(id) {
                issue("\(path).id", "client id \(quoted(id)) must be lower-case letters, digits, - _ or .")
            }
            if clients[id] != nil { issue("\(path).id", "client \(quoted(id)) is defined twice") }
            let approvers = strings(table, "approvers", path) ?? []
            let backups = strings(table, "backup_approvers", path) ?? []
            let members = strings(table, "members", path) ?? []
            let roster = strings(table, "crisis_roster", path) ?? []
            for name in roster where !users.contains(where: { $0.user.name == name }) {
                issue("\(path).crisis_roster", "\(path).crisis_roster names unknown user \(quoted(name))")
            }
            for (key, names) in [("approvers", approvers), ("backup_approvers", backups), ("members", members)] {
                for name in names {
                    guard let entry = users.first(where: { $0.user.name == name }) else {
                        issue("\(path).\(key)", "\(path).\(key) names unknown user \(quoted(name))")
                        continue
                    }
                    if key != "members", !entry.user.has(.approver) {
                        issue("\(path).\(key)", "\(path).\(key) names \(quoted(name)), who lacks role approver")
                    }
                    if key == "members", entry.user.side == .agency {
                        issue(
                            "\(path).members",
                            "\(path).members names \(quoted(name)), who is on the agency side: members are company "
                                + "people; narrow an agency user with clients = [...] in [[users]]")
                    }
                }
            }
            var hours: BusinessHours?
            var zone: TimeZone?
            if let name = string(table, "timezone", path) {
                zone = TimeZone(identifier: name)
                if zone == nil {
                    issue("\(path).timezone", "unknown timezone \(quoted(name)); use an IANA name like Europe/Berlin")
                }
            }
            if let value = table["hours"] {
                if let hoursTable = value.table {
                    hours = businessHours(hoursTable, "\(path).hours", zone: zone ?? TimeZone(identifier: "UTC")!)
                } else {
                    issue("\(path).hours", "\(path).hours must be a table")
                }
            } else if let zone {
                hours = BusinessHours(timeZone: zone)
            }
            let overrides = clientLanes(table, path, lanes: lanes, groups: groups)
            clients[id] = Client(
                id: id, name: string(table, "name", path) ?? id, approvers: approvers, backupApprovers: backups,
                members: members, hours: hours, lanes: overrides, locale: locale(table, path),
                cadence: weekdays(table, "cadence", path) ?? [])
            clients[id]?.crisisRoster = roster
        }
        return clients
    }

    /// A client's `[clients.lanes.<lane>]` tables, each over the global lane's policy.
    private mutating func clientLanes(
        _ table: TOMLTable, _ path: String, lanes: [Lane: LanePolicy], groups: [String: [String]]
    ) -> [Lane: LanePolicy] {
        var overrides: [Lane: LanePolicy] = [:]
        if let value = table["lanes"] {
            if let lanesTable = value.table {
                for key in lanesTable.keys {
                    let lanePath = "\(path).lanes.\(key)"
                    guard let lane = Lane(rawValue: key), let laneTable = lanesTable[key]?.table else {
                        issue(lanePath, "unknown lane \(quoted(key)) or not a table")
                        continue
                    }
                    overrides[lane] = policy(
                        laneTable, lanePath, base: lanes[lane] ?? LanePolicy.defaults(for: lane), groups: groups)
                }
            } else {
                issue("\(path).lanes", "\(path).lanes must be a table")
            }
        }
        return overrides
    }

    /// Client scope needs every company user in some client, and every narrowing to name real clients.
    mutating func checkMembership(
        users: [UserEntry], clients: [String: Client], narrowings: [(path: String, names: [String])]
    ) {
        for (index, entry) in users.enumerated() where entry.user.side == .company {
            if !clients.values.contains(where: { $0.lists(entry.user.name) }) {
                warning(
                    "users[\(index)].name",
                    "company-side user \(quoted(entry.user.name)) belongs to no client, so sees no draft: list them "
                        + "in a client's approvers, backup_approvers or members")
            }
        }
        for (path, names) in narrowings {
            for name in names where clients[name] == nil {
                issue("\(path).clients", "\(path).clients names unknown client \(quoted(name))")
            }
        }
    }

    /// `locale = "de"` or `"en"` (a tag like `de-AT` counts as its language).
    mutating func locale(_ table: TOMLTable, _ path: String) -> String? {
        guard let tag = string(table, "locale", path) else { return nil }
        guard let language = PageLanguage(tag: tag) else {
            issue("\(path).locale", "\(path).locale must be \"de\" or \"en\", not \(quoted(tag))")
            return nil
        }
        return language.rawValue
    }

    /// `[agency] name`: printable text of at most 80 characters.
    mutating func agencyName(_ root: TOMLTable) -> String? {
        guard let value = root["agency"] else { return nil }
        guard let table = value.table else {
            issue("agency", "agency must be a table ([agency] with name = \"…\")")
            return nil
        }
        checkKeys(table, "agency", allowed: ["name"])
        guard let name = string(table, "name", "agency") else { return nil }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 80,
            !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            issue("agency.name", "agency.name must be 1 to 80 printable characters")
            return nil
        }
        return trimmed
    }
}
