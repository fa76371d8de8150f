import FlowAPI
import FlowCore
import Foundation

// The Codable forms the hand codecs replaced, kept here as the oracle: each has the stored properties of its wire
// type under the same names, and JSONEncoder/JSONDecoder with the wire's conventions (`WireJSON`) write and read it.
// `WireOracleTests` hold each hand codec against its oracle.

struct ApprovalOracle: Codable, Equatable {
    var user: String
    var revision: Int
    var at: Date
}

struct DraftOracle: Codable, Equatable {
    var id: Int64
    var client: String
    var lane: Lane
    var state: DraftState
    var revision: Int
    var title: String
    var body: String
    var channels: [String]
    var publishAt: Date?
    var contentHash: String
    var author: String
    var revisionAuthor: String
    var revisionVia: String?
    var approvals: [ApprovalOracle]
    var approvalsRequired: Int
    var approvedHash: String?
    var labels: [String]
    var publishedUrl: String?
    var externalId: String?
    var createdAt: Date
    var updatedAt: Date
    var allowedActions: [String]
    var dueAt: Date?
    var overdue: Bool
    var acknowledgedUntil: Date?
    var reviewers: [String]
    var whoseMove: String?
    var mustAct: [String]
    var orphan: Bool
    var replannedAt: Date?
    var timeZone: String
    var next: [NextStepView]
    var template: String?
    var fromTemplate: Int64?
    var reviewMode: String?
    var autonomy: String?
    var channelCounts: [ChannelCountView]
    var media: [MediumView]
}

struct DraftListOracle: Codable {
    var drafts: [DraftOracle]
    var nextBefore: Int64?
}

struct EventOracle: Codable {
    var id: Int64
    var draft: Int64
    var at: Date
    var actor: String
    var via: String?
    var action: String
    var from: DraftState?
    var to: DraftState
    var revision: Int
    var message: String?
    var data: [String: String]
    var client: String?
}

struct EventListOracle: Codable {
    var events: [EventOracle]
    var nextAfter: Int64?
}

struct WebhookOutcomeViewOracle: Codable {
    var ok: Bool
    var duplicate: Bool
    var draft: Int64
    var action: String?
    var state: String?
    var revision: Int?
    var event: Int64?
}

struct ActionRequestOracle: Codable {
    var revision: Int?
    var message: String?
    var title: String?
    var body: String?
    var channels: [String]?
    var publishAt: Date?
    var clearPublishAt: Bool?
    var url: String?
    var externalId: String?
    var contentHash: String?
    var until: Date?
}
