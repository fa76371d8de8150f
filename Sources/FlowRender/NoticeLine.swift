import FlowCore
import Foundation

/// A notice's one line, in the client's language: the envelope's `text` and the Slack message's line.
struct NoticeLine {
    let notice: Notice

    var type: NotificationType { notice.type }
    var event: Event { notice.event }
    var draft: Draft { notice.draft }
    var next: Upcoming? { notice.next }
    var notify: [String] { notice.notify }
    var language: PageLanguage { notice.language }
    var clientName: String { notice.clientName }

    /// "ACME · LinkedIn · “Launch post” waits for your approval — escalates to Dora at 14:30 Europe/Berlin".
    var text: String {
        var parts = [clientName]
        if !draft.content.channels.isEmpty {
            parts.append(draft.content.channels.map(channelName).joined(separator: ", "))
        }
        let german = language == .de
        parts.append(german ? "„\(draft.content.title)“ \(germanPhrase)" : "“\(draft.content.title)” \(phrase)")
        var line = parts.joined(separator: " · ")
        if let next, !draft.state.isTerminal {
            let to = next.involves.map(displayName).joined(separator: ", ")
            let verb: String =
                switch (german, next.kind) {
                case (false, .step(.remind)): "next reminder"
                case (false, .step(.warn)): "warning"
                case (false, .step(.escalate)): "escalates to \(to)"
                case (false, .step(.autoApprove)): "approves itself"
                case (false, .step(.returnToDraft)): "goes back to draft"
                case (false, .acknowledgementEnds): "decision promised by"
                case (false, .objectionEnds): "goes out unless you object by"
                case (false, .deadline), (false, .unknown): "due"
                case (true, .step(.remind)): "nächste Erinnerung"
                case (true, .step(.warn)): "Hinweis"
                case (true, .step(.escalate)): "geht auch an \(to)"
                case (true, .step(.autoApprove)): "gilt als freigegeben"
                case (true, .step(.returnToDraft)): "geht zurück an die Agentur"
                case (true, .acknowledgementEnds): "Entscheidung zugesagt bis"
                case (true, .objectionEnds): "gilt als freigegeben ohne Einspruch bis"
                case (true, .deadline), (true, .unknown): "fällig"
                }
            line += german ? " — \(verb): \(local(next.at))" : " — \(verb) at \(local(next.at))"
        }
        return line
    }

    private var germanPhrase: String {
        let actor = displayName(event.actor)
        switch type {
        case .submitted where draft.reviewMode == .unlessObjected:
            return "wird ohne Ihren Einspruch bis \(draft.dueAt.map(local) ?? "zum Fristende") freigegeben"
        case .submitted: return "wartet auf Ihre Freigabe"
        case .approvalGiven:
            let missing = notice.approvalsMissing
            return "wurde von \(actor) freigegeben, \(missing) weitere Freigabe\(missing == 1 ? "" : "n") nötig"
        case .approved: return "ist von \(actor) freigegeben und kann veröffentlicht werden"
        case .changesRequested:
            return "braucht Änderungen, erbeten von \(actor)" + (event.message.map { ": „\($0)“" } ?? "")
        case .published: return "ist veröffentlicht" + (draft.publishedURL.map { " unter \($0)" } ?? "")
        case .withdrawn: return "wurde von \(actor) zurückgezogen"
        case .reminder: return "wartet noch auf Ihre Freigabe"
        case .warning: return "wartet noch auf Ihre Freigabe; als Nächstes wird eskaliert"
        case .escalated:
            let added = notify.map(displayName)
            return
                "wartet auf Freigabe, jetzt auch durch \(added.isEmpty ? "die Eskalationsgruppe" : added.joined(separator: ", "))"
        case .autoApproved where event.data["mode"] == ReviewMode.unlessObjected.rawValue:
            return "ist freigegeben: niemand hat in der Frist Einspruch erhoben"
        case .autoApproved: return "gilt als freigegeben: niemand hat rechtzeitig geprüft"
        case .digest, .crisis: return "wartet auf Sie"
        case .returned: return "ist zurück im Entwurf: die Freigabefrist ist abgelaufen"
        case .acknowledged:
            return
                "bekommt eine Entscheidung bis \(draft.acknowledgedUntil.map(local) ?? "zur zugesagten Zeit"), sagt \(actor)"
        case .deadlineMissed:
            return event.missedTimer == .acknowledgement
                ? "hat die zugesagte Entscheidungszeit verpasst"
                : "hat seine Frist verpasst"
        case .handedOver:
            let (away, standIn, back) = handover
            if !standIn.isEmpty { return "wartet auf Freigabe durch \(standIn) in Vertretung von \(away)" }
            if !back.isEmpty { return "wartet wieder auf Freigabe durch \(back)" }
            return "wartet auf Freigabe; \(away) ist abwesend ohne Vertretung, daher wird jetzt eskaliert"
        }
    }

    private var phrase: String {
        let actor = displayName(event.actor)
        switch type {
        case .submitted where draft.reviewMode == .unlessObjected:
            return "goes out unless you object (request changes) by \(draft.dueAt.map(local) ?? "the window's end")"
        case .submitted: return "waits for your approval"
        case .approvalGiven:
            let missing = notice.approvalsMissing
            return "was approved by \(actor) and needs \(missing) more approval\(missing == 1 ? "" : "s")"
        case .approved: return "is approved by \(actor) and ready to publish"
        case .changesRequested:
            return "needs changes, asked by \(actor)" + (event.message.map { ": “\($0)”" } ?? "")
        case .published: return "is published" + (draft.publishedURL.map { " at \($0)" } ?? "")
        case .withdrawn: return "was withdrawn by \(actor)"
        case .reminder: return "still waits for your approval"
        case .warning: return "still waits for your approval; escalation comes next"
        case .escalated:
            let added = notify.map(displayName)
            return
                "waits for approval and now also for \(added.isEmpty ? "the escalation group" : added.joined(separator: ", "))"
        case .autoApproved where event.data["mode"] == ReviewMode.unlessObjected.rawValue:
            return "is approved: nobody objected in time"
        case .autoApproved: return "was approved on the system's behalf: nobody reviewed it in time"
        case .digest, .crisis: return "waits for you"
        case .returned: return "went back to draft: the review expired"
        case .acknowledged:
            return "will have a decision by \(draft.acknowledgedUntil.map(local) ?? "the promised time"), says \(actor)"
        case .deadlineMissed:
            return event.missedTimer == .acknowledgement
                ? "missed the promised decision time"
                : "missed its \(event.data["state"] ?? draft.state.rawValue) deadline"
        case .handedOver:
            let (away, standIn, back) = handover
            if !standIn.isEmpty { return "waits for approval by \(standIn) in place of \(away), who is away" }
            if !back.isEmpty { return "waits for approval by \(back) again" }
            return "waits for approval; \(away) is away with nobody to stand in, so it escalates now"
        }
    }

    /// Who went away, who stands in and who came back, as a hand-over event records them, for display.
    private var handover: (away: String, standIn: String, back: String) {
        func names(_ key: String) -> String {
            (event.data[key] ?? "").split(separator: ",").map {
                displayName($0.trimmingCharacters(in: .whitespaces))
            }.joined(separator: ", ")
        }
        return (names("away"), names("stand_in"), names("back"))
    }

    /// Time of day in the client's zone, with the day only when it is not today there ("15:30 CET", "Thu 10 Dec,
    /// 09:00 CET").
    private func local(_ date: Date) -> String {
        let full = SpokenTime.format(date, in: notice.zone, language: language, now: notice.now)
        let today = SpokenTime.format(notice.now, in: notice.zone, language: language, now: notice.now)
        let day = { (text: String) in text.prefix { $0 != "," } }
        return day(full) == day(today) ? String(full.drop { $0 != "," }.dropFirst(2)) : full
    }

    private func channelName(_ channel: String) -> String {
        let known = [
            "linkedin": "LinkedIn", "x": "X", "twitter": "Twitter", "tiktok": "TikTok", "youtube": "YouTube",
            "instagram": "Instagram", "facebook": "Facebook", "bluesky": "Bluesky", "mastodon": "Mastodon",
            "threads": "Threads",
        ]
        return known[channel.lowercased()] ?? channel
    }
}
