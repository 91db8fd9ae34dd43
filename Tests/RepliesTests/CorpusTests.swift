import Foundation
import Testing
@testable import Replies
import Domain
import TestSupport

/// The corpus: every good reply gives exactly its manifest's values; every bad one fails
/// where the parser can tell (the rest is checked against a store in ImportTests and CLITests).
@Suite struct CorpusTests {
    @Test func theCorpusIsLargeEnough() {
        #expect(ReplyCorpus.manifest.good.count >= 25)
        #expect(ReplyCorpus.manifest.bad.count + 1 >= 15)   // + the 20 MB message the tests make
    }

    @Test(arguments: ReplyCorpus.manifest.good)
    func aGoodReplyGivesItsValues(_ reply: ReplyCorpus.Good) throws {
        let values = try ReplyParser.parse(ReplyCorpus.bytes(reply.file))
        #expect(try values.value(.request)?.text == reply.request, "\(reply.client)")
        #expect(try values.value(.clientID)?.text == reply.clientID, "\(reply.client)")
        #expect(try values.value(.thumbprint)?.text == reply.thumbprint, "\(reply.client)")
        #expect(try values.value(.objectID)?.text == reply.objectID, "\(reply.client)")
        if let tenant = reply.tenantID {
            #expect(try values.value(.tenantID)?.text == tenant, "\(reply.client)")
        }
        #expect(!values.isIncomplete)
        // Every value is well-formed: a good reply never carries a near miss.
        for (field, found) in values.values {
            for value in found { #expect(value.isWellFormed, "\(field): \(value.quoted)") }
        }
    }

    @Test(arguments: ReplyCorpus.manifest.bad)
    func aBadReplyIsRefusedWhereTheParserCanTell(_ reply: ReplyCorpus.Bad) throws {
        let bytes = ReplyCorpus.bytes(reply.file)
        switch reply.error {
        case "notText", "tooLarge":
            #expect(throws: RepliesError(RepliesError.Code(.replies, reply.error), "")) { try ReplyParser.parse(bytes) }
        case "conflictingValues":
            let values = try ReplyParser.parse(bytes)
            let conflicting = ReplyField.allCases.filter { (values.values[$0]?.count ?? 0) > 1 }
            #expect(conflicting.count == 1)
            for field in conflicting {
                let error = #expect(throws: RepliesError.self) { try values.value(field) }
                #expect(error?.code == .conflictingValues)
                // Both values are named.
                for value in values.values[field] ?? [] { #expect(error?.reason.contains(value.text) == true) }
            }
        case "emptyReply":
            let values = try ReplyParser.parse(bytes)
            #expect(values.isEmpty && values.blockCount > 0 && values.filledBlockCount == 0)
        case "noReply":
            let values = try ReplyParser.parse(bytes)
            #expect(values.isEmpty && values.blockCount == 0)
        case "truncated":
            let values = try ReplyParser.parse(bytes)
            #expect(values.isEmpty && values.isIncomplete)
        case "missingClientID":
            #expect(try ReplyParser.parse(bytes).value(.clientID) == nil)
        case "invalidClientID":
            let value = try #require(try ReplyParser.parse(bytes).value(.clientID))
            #expect(!value.isWellFormed)
            #expect(throws: RepliesError(.invalidClientID, "")) { try ReplyCheck.clientID(value.text, tenant: nil, source: "the reply") }
        case "invalidThumbprint":
            let value = try #require(try ReplyParser.parse(bytes).value(.thumbprint))
            #expect(!value.isWellFormed)
            #expect(throws: RepliesError(.invalidThumbprint, "")) { try ReplyCheck.thumbprint(value.text, source: "the reply") }
        case "invalidTenantID":
            let value = try #require(try ReplyParser.parse(bytes).value(.tenantID))
            #expect(throws: RepliesError(.invalidTenantID, "")) { try ReplyCheck.tenant(value.text, source: "the reply") }
        default:
            // The values are well-formed; the store decides (unknown request, wrong thumbprint, expired…).
            let values = try ReplyParser.parse(bytes)
            #expect(try values.value(.clientID) != nil)
        }
    }
}
