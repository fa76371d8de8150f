public import Foundation

/// What flowd-mail reads from a notification envelope (the JSON a sink receives), decoded once where the bytes
/// come in. Every field is optional and a field of the wrong type reads as absent: a newer or older flowd may
/// send more or less, and a person without a name or an address is simply not mailed.
public struct MailEnvelope: Decodable, Sendable {
    /// The envelope's `type` as sent; MailNotice knows the types of this flowd and writes a plain subject for others.
    public var type: String?
    public var draft: Draft
    /// `data.client_name`: a digest's client, which names no draft.
    public var clientName: String?
    public var event: Event
    public var notify: [Person]
    /// Each person's own review link, by name.
    public var links: [String: String]
    /// Each person's inbox link, by name: one page with everything waiting for them.
    public var inboxes: [String: String] = [:]
    /// A digest's posts.
    public var items: [Item]
    /// `data.next.local`: when the next step happens, in the client's time.
    public var next: String?
    /// A crisis notice's `data.message` and `data.started_by`: what happened, and who declared it.
    public var crisisMessage: String?
    public var startedBy: String?
    /// `data.agency`: the agency's name, which the mail is signed with.
    public var agency: String?

    public struct Draft: Decodable, Sendable {
        @Lenient public var title: String?
        @Lenient public var client: String?
        @Lenient public var clientName: String?
        /// `unless-objected` in an objection window (earned autonomy): the post goes out unless someone objects.
        @Lenient public var reviewMode: String?
        /// When the review (or the objection window) ends, ISO-8601.
        @Lenient public var dueAt: String?
        /// The revision's pictures and videos, in the order they are posted.
        @Lenient public var media: [Medium]?

        public init(title: String? = nil, client: String? = nil, clientName: String? = nil, media: [Medium]? = nil) {
            self.title = title
            self.client = client
            self.clientName = clientName
            self.media = media
        }

        enum CodingKeys: String, CodingKey {
            case title, client, media
            case clientName = "client_name"
            case reviewMode = "review_mode"
            case dueAt = "due_at"
        }
    }

    /// One of the draft's media as the envelope lists it.
    public struct Medium: Decodable, Sendable {
        @Lenient public var sha256: String?
        @Lenient public var type: String?
        @Lenient public var bytes: Int?
        @Lenient public var width: Int?
        @Lenient public var height: Int?
        @Lenient public var alt: String?
        /// The publisher's address for the bytes, on an approved draft's notification.
        @Lenient public var url: String?

        public init(
            sha256: String?, type: String?, bytes: Int? = nil, width: Int? = nil, height: Int? = nil,
            alt: String? = nil, url: String? = nil
        ) {
            self.sha256 = sha256
            self.type = type
            self.bytes = bytes
            self.width = width
            self.height = height
            self.alt = alt
            self.url = url
        }
    }

    public struct Event: Decodable, Sendable {
        @Lenient public var actor: String?
        @Lenient public var message: String?

        public init(actor: String? = nil, message: String? = nil) {
            self.actor = actor
            self.message = message
        }
    }

    public struct Person: Decodable, Sendable {
        @Lenient public var name: String?
        @Lenient public var email: String?
        /// The language to write to them in (theirs, else the client's).
        @Lenient public var locale: String?

        public init(name: String?, email: String?, locale: String? = nil) {
            self.name = name
            self.email = email
            self.locale = locale
        }
    }

    public struct Item: Decodable, Sendable {
        @Lenient public var title: String?
        /// The decision's deadline in the client's time.
        @Lenient public var local: String?
        @Lenient public var link: String?

        public init(title: String?, local: String? = nil, link: String? = nil) {
            self.title = title
            self.local = local
            self.link = link
        }
    }

    public init(
        type: String?, draft: Draft = Draft(), clientName: String? = nil, event: Event = Event(),
        notify: [Person] = [], links: [String: String] = [:], items: [Item] = [], next: String? = nil
    ) {
        self.type = type
        self.draft = draft
        self.clientName = clientName
        self.event = event
        self.notify = notify
        self.links = links
        self.items = items
        self.next = next
    }

    enum CodingKeys: String, CodingKey { case type, data }
    enum DataKeys: String, CodingKey {
        case draft, event, notify, links, items, next, message, inboxes
        case clientName = "client_name"
        case startedBy = "started_by"
        case agency
    }
    enum NextKeys: String, CodingKey { case local }

    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: CodingKeys.self)
        type = keys.lenient(String.self, .type)
        let data = try? keys.nestedContainer(keyedBy: DataKeys.self, forKey: .data)
        draft = data?.lenient(Draft.self, .draft) ?? Draft()
        clientName = data?.lenient(String.self, .clientName)
        event = data?.lenient(Event.self, .event) ?? Event()
        notify = data?.lenient([Person].self, .notify) ?? []
        links = data?.lenient([String: String].self, .links) ?? [:]
        inboxes = data?.lenient([String: String].self, .inboxes) ?? [:]
        items = data?.lenient([Item].self, .items) ?? []
        let next = try? data?.nestedContainer(keyedBy: NextKeys.self, forKey: .next)
        self.next = next?.lenient(String.self, .local)
        crisisMessage = data?.lenient(String.self, .message)
        startedBy = data?.lenient(String.self, .startedBy)
        agency = data?.lenient(String.self, .agency)
    }

    /// The envelope in `json`, or nil when it is no JSON object.
    public static func decode(_ json: Data) -> MailEnvelope? {
        try? JSONDecoder().decode(MailEnvelope.self, from: json)
    }
}
