public import FlowCore
import Foundation

/// Every text of the review pages, in one language. The page shows user text only through these and the
/// draft's own fields; the templates add none of their own.
public struct PageText: Sendable, Equatable {
    public var reviewFor: String
    public var revision: String
    public var channels: String
    public var publishAt: String
    public var deadline: String
    public var nextStep: String
    public var stillToApprove: String
    public var comments: String
    public var noComments: String
    /// Above the newest comments when the round has more than the page shows: `%@` is how many are left out.
    public var earlierComments: String
    /// A comment refused by `LinkCommentBudget`: too many this minute, or this round's are used up.
    public var commentsTooFast: String
    public var commentsRoundFull: String
    public var approve: String
    public var requestChanges: String
    public var reason: String
    public var reasonRequired: String
    public var acknowledge: String
    public var decisionBy: String
    public var acknowledged: String
    public var comment: String
    public var commentText: String
    public var commentRequired: String
    public var send: String
    public var approved: String
    public var changesRequested: String
    public var commented: String
    public var linkUsed: String
    public var linkUsedDetail: String
    public var linkRevoked: String
    public var linkSuperseded: String
    public var linkSupersededDetail: String
    public var linkExpired: String
    public var linkExpiredDetail: String
    public var linkUnknown: String
    public var linkUnknownDetail: String
    public var draftDone: String
    /// An absent person's own link, opened while they are away: until when, and who stands in (`%@` each).
    public var awayUntil: String
    public var awayStandIn: String
    public var awayNobody: String
    /// The page's form for saying one is away.
    public var awaySummary: String
    public var awayBackOn: String
    public var awayAsk: String
    public var awayNoStandIn: String
    public var awaySave: String
    public var awayDateInvalid: String
    public var formExpired: String
    /// A form with a field given twice or not percent-encoded UTF-8 (`FormFields`).
    public var formGarbled: String
    public var askAgency: String
    public var refused: String
    public var tooMany: String
    public var confirm: String
    public var stepRemind: String
    public var stepWarn: String
    public var stepEscalate: String
    public var stepAutoApprove: String
    public var stepReturn: String
    public var stepDeadline: String
    public var stepAcknowledgementEnds: String
    /// The end of an objection window (earned autonomy): the post goes out then unless someone objects.
    public var stepObjectionEnds: String
    /// Under a draft opened from the editorial calendar, which shows it but takes no decision.
    public var previewOnly: String
    /// Above the post while the client is in crisis mode.
    public var crisisRunning: String
    /// Under each picture or video: its alt text after `altText`, or `noAltText` marked when it has none.
    public var altText: String
    public var noAltText: String
    /// Under the media of a page that decides: what an approval binds, and what the publisher receives.
    public var bindsMedia: String
    /// Above the post's preview in each of its channels' feeds.
    public var inTheFeeds: String
    /// After text a feed cuts.
    public var more: String
    /// A channel's count: "120 `of` 280 `characters`".
    public var of: String
    public var characters: String
    /// Under the buttons, what each choice leads to: who publishes it and when (`%1$@`, `%2$@`), or without a
    /// time; what is still needed; where a request for changes goes (`%@` each).
    public var thenPublishesAt: String
    public var thenPublishes: String
    public var thenNeeds: String
    public var thenChanges: String
    public var theAgency: String
    /// Above what changed since the revision the reader last had (`%@`), and the changes asked of it.
    public var changedSince: String
    public var askedFor: String
    public var titleWas: String
    /// The folded conversation of the rounds before this one (`%@`: how many entries).
    public var earlierRounds: String
    /// The way back from an outcome's page to the post.
    public var backToPost: String
    /// The inbox page: its heading (`%@` the person), a post due (`%@` when), one in an objection window, none
    /// waiting, a post without a live link, and the way to the inbox from a review page.
    public var inboxHeading: String
    public var inboxDue: String
    public var inboxObjection: String
    public var inboxEmpty: String
    public var inboxNoLink: String
    public var inboxOpen: String
    public var toInbox: String

    /// What an upcoming step is called on the page.
    public func name(of kind: Upcoming.Kind) -> String {
        switch kind {
        case .step(.remind): stepRemind
        case .step(.warn): stepWarn
        case .step(.escalate): stepEscalate
        case .step(.autoApprove): stepAutoApprove
        case .objectionEnds: stepObjectionEnds
        case .step(.returnToDraft): stepReturn
        case .deadline, .unknown: stepDeadline
        case .acknowledgementEnds: stepAcknowledgementEnds
        }
    }

    public static func of(_ language: PageLanguage) -> PageText {
        switch language {
        case .de: german
        case .en: english
        }
    }

    static let english = PageText(
        reviewFor: "For your review", revision: "Revision", channels: "Channels", publishAt: "Goes out",
        deadline: "Decision needed by", nextStep: "If nobody decides", stillToApprove: "Approvals still needed",
        comments: "Comments in this round", noComments: "No comments yet.",
        earlierComments: "%@ earlier comments are not shown.",
        commentsTooFast: "That is 10 comments this minute through this link. Please wait a minute.",
        commentsRoundFull:
            "This link has reached its 50 comments for this round. Please reply to the message that brought you here.",
        approve: "Approve",
        requestChanges: "Request changes", reason: "What should change?",
        reasonRequired: "Please say what should change.", acknowledge: "I'm on it, decision by",
        decisionBy: "Decision by", acknowledged: "Thank you: you will decide by %@.", comment: "Comment",
        commentText: "Your comment", commentRequired: "Please write a comment.", send: "Send",
        approved: "Thank you: you approved revision %@.",
        changesRequested: "Thank you: your request for changes went to the agency.",
        commented: "Thank you: your comment was added.", linkUsed: "This link has been used",
        linkUsedDetail: "A decision was made with it already. Nothing more to do here.",
        linkRevoked: "This link no longer works",
        linkSuperseded: "There is a newer version of this post",
        linkSupersededDetail: "This link was for an earlier version. You will receive a new link for the current one.",
        linkExpired: "This link has expired",
        linkExpiredDetail: "Ask the agency for a new link if you still want to decide.",
        linkUnknown: "Link not found", linkUnknownDetail: "Check that you opened the whole link from your message.",
        draftDone: "This post needs no decision any more.",
        awayUntil: "You are away until %@",
        awayStandIn:
            "%@ reviews this post in your place meanwhile. Back sooner? Reply to the message that brought you here.",
        awayNobody:
            "Nobody stands in for you, so the agency asked others. Back sooner? Reply to the message that brought you here.",
        awaySummary: "I'm away", awayBackOn: "Back on", awayAsk: "Meanwhile ask",
        awayNoStandIn: "nobody: the agency asks others", awaySave: "Save",
        awayDateInvalid: "Please give the day you are back, after today.",
        formExpired: "This form has expired. Please open the link again.",
        formGarbled: "This form arrived garbled or with a field given twice. Please open the link again.",
        askAgency: "Questions? Reply to the message that brought you here.", refused: "That did not work",
        tooMany: "Too many attempts. Please wait a minute.", confirm: "Confirm", stepRemind: "Reminder to",
        stepWarn: "Notice to", stepEscalate: "Also asked", stepAutoApprove: "Approved automatically",
        stepReturn: "Goes back to the agency", stepDeadline: "Deadline for",
        stepAcknowledgementEnds: "Promised decision ends",
        stepObjectionEnds: "Goes out unless someone objects by then",
        previewOnly:
            "A preview from the editorial calendar. To decide, open the review link in the message you received.",
        crisisRunning: "Crisis mode", altText: "Alt text:", noAltText: "No alt text",
        bindsMedia:
            "Your approval is for exactly these files: the publisher receives them byte for byte, each checked "
            + "against its SHA-256.",
        inTheFeeds: "In the feeds",
        more: "…more", of: "of", characters: "characters",
        thenPublishesAt: "Then %1$@ publishes it on %2$@.", thenPublishes: "Then %@ publishes it.",
        thenNeeds: "Then it still needs %@.",
        thenChanges: "It goes back to %@ with your note; you get a new link for the next version.",
        theAgency: "the agency", changedSince: "Changed since revision %@, the one you saw", askedFor: "Asked for",
        titleWas: "Title before:", earlierRounds: "Earlier rounds (%@)", backToPost: "Back to the post",
        inboxHeading: "Waiting for you, %@", inboxDue: "Decide by", inboxObjection: "Goes out %@ unless you object",
        inboxEmpty: "Nothing is waiting for you. Thank you!",
        inboxNoLink: "Your link for this post has ended: reply to the message about it and the agency sends a new one.",
        inboxOpen: "Open", toInbox: "Everything waiting for you")

    static let german = PageText(
        reviewFor: "Zur Freigabe", revision: "Version", channels: "Kanäle", publishAt: "Geht raus",
        deadline: "Entscheidung bis", nextStep: "Ohne Entscheidung", stillToApprove: "Noch nötige Freigaben",
        comments: "Kommentare in dieser Runde", noComments: "Noch keine Kommentare.",
        earlierComments: "%@ frühere Kommentare werden nicht gezeigt.",
        commentsTooFast: "Das sind 10 Kommentare in dieser Minute über diesen Link. Bitte warten Sie eine Minute.",
        commentsRoundFull:
            "Über diesen Link sind 50 Kommentare in dieser Runde erreicht. Bitte antworten Sie auf die Nachricht, über die Sie hierher kamen.",
        approve: "Freigeben",
        requestChanges: "Änderungen anfordern", reason: "Was soll sich ändern?",
        reasonRequired: "Bitte sagen Sie, was sich ändern soll.", acknowledge: "Ich kümmere mich, Entscheidung bis",
        decisionBy: "Entscheidung bis", acknowledged: "Danke: Sie entscheiden bis %@.", comment: "Kommentieren",
        commentText: "Ihr Kommentar", commentRequired: "Bitte schreiben Sie einen Kommentar.", send: "Senden",
        approved: "Danke: Sie haben Version %@ freigegeben.",
        changesRequested: "Danke: Ihre Änderungswünsche sind bei der Agentur.",
        commented: "Danke: Ihr Kommentar wurde hinzugefügt.", linkUsed: "Dieser Link wurde schon benutzt",
        linkUsedDetail: "Mit ihm wurde bereits entschieden. Hier ist nichts mehr zu tun.",
        linkRevoked: "Dieser Link gilt nicht mehr",
        linkSuperseded: "Es gibt eine neuere Version dieses Beitrags",
        linkSupersededDetail:
            "Dieser Link galt einer früheren Version. Für die aktuelle bekommen Sie einen neuen Link.",
        linkExpired: "Dieser Link ist abgelaufen",
        linkExpiredDetail: "Bitten Sie die Agentur um einen neuen Link, wenn Sie noch entscheiden möchten.",
        linkUnknown: "Link nicht gefunden",
        linkUnknownDetail: "Bitte prüfen Sie, ob Sie den ganzen Link aus Ihrer Nachricht geöffnet haben.",
        draftDone: "Dieser Beitrag braucht keine Entscheidung mehr.",
        awayUntil: "Sie sind bis %@ abwesend",
        awayStandIn:
            "%@ prüft diesen Beitrag in Vertretung. Früher zurück? Antworten Sie auf die Nachricht, über die Sie hierher kamen.",
        awayNobody:
            "Niemand vertritt Sie; die Agentur hat andere gefragt. Früher zurück? Antworten Sie auf die Nachricht, über die Sie hierher kamen.",
        awaySummary: "Ich bin abwesend", awayBackOn: "Zurück am", awayAsk: "In der Zeit fragen Sie",
        awayNoStandIn: "niemanden: die Agentur fragt weitere", awaySave: "Speichern",
        awayDateInvalid: "Bitte geben Sie den Tag Ihrer Rückkehr an, nach heute.",
        formExpired: "Dieses Formular ist abgelaufen. Bitte öffnen Sie den Link erneut.",
        formGarbled:
            "Dieses Formular kam verstümmelt oder mit einem doppelten Feld an. Bitte öffnen Sie den Link erneut.",
        askAgency: "Fragen? Antworten Sie auf die Nachricht, über die Sie hierher kamen.",
        refused: "Das hat nicht geklappt", tooMany: "Zu viele Versuche. Bitte warten Sie eine Minute.",
        confirm: "Zusagen", stepRemind: "Erinnerung an", stepWarn: "Hinweis an", stepEscalate: "Zusätzlich gefragt",
        stepAutoApprove: "Automatisch freigegeben", stepReturn: "Geht zurück an die Agentur", stepDeadline: "Frist für",
        stepAcknowledgementEnds: "Zugesagte Entscheidung endet",
        stepObjectionEnds: "Geht raus, wenn bis dahin niemand widerspricht",
        previewOnly:
            "Eine Vorschau aus dem Redaktionskalender. Entscheiden Sie über den Link in der Nachricht, die Sie erhalten haben.",
        crisisRunning: "Krisenmodus", altText: "Alternativtext:", noAltText: "Kein Alternativtext",
        bindsMedia:
            "Ihre Freigabe gilt genau diesen Dateien: Veröffentlicht werden sie Byte für Byte, jede geprüft an ihrer "
            + "SHA-256.",
        inTheFeeds: "In den Feeds", more: "…mehr", of: "von", characters: "Zeichen",
        thenPublishesAt: "Danach veröffentlicht %1$@ den Beitrag am %2$@.",
        thenPublishes: "Danach veröffentlicht %@ den Beitrag.", thenNeeds: "Danach fehlt noch %@.",
        thenChanges:
            "Der Beitrag geht mit Ihrer Notiz zurück an %@; für die nächste Version bekommen Sie einen neuen Link.",
        theAgency: "die Agentur", changedSince: "Geändert seit Version %@, die Sie gesehen haben",
        askedFor: "Gewünscht", titleWas: "Titel vorher:", earlierRounds: "Frühere Runden (%@)",
        backToPost: "Zurück zum Beitrag",
        inboxHeading: "Wartet auf Sie, %@", inboxDue: "Entscheiden bis",
        inboxObjection: "Geht %@ raus, wenn Sie nicht widersprechen", inboxEmpty: "Nichts wartet auf Sie. Danke!",
        inboxNoLink:
            "Ihr Link für diesen Beitrag ist abgelaufen: Antworten Sie auf die Nachricht dazu, die Agentur schickt einen neuen.",
        inboxOpen: "Öffnen", toInbox: "Alles, was auf Sie wartet")
}
