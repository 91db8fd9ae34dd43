import Foundation
import Testing
import Domain

/// The words clouds, profiles, roles and APIs are stored and configured with.
@Suite struct NamedChoiceTests {
    struct Holder: Codable, Equatable {
        var cloud: Cloud
        var permission: PermissionProfile
        var siteRole: SiteRole
        var api: APITarget
    }

    @Test func encodesItsWordAndDecodesAnyCase() throws {
        let holder = Holder(cloud: .usgovdod, permission: .sitesFullControlAll, siteRole: .fullcontrol, api: .both)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(holder), as: UTF8.self)
                == #"{"api":"both","cloud":"usgovdod","permission":"sites-fullcontrol-all","siteRole":"fullcontrol"}"#)
        let mixed = #"{"api":"Both","cloud":"USGovDoD","permission":"Sites-FullControl-All","siteRole":"FullControl"}"#
        #expect(try JSONDecoder().decode(Holder.self, from: Data(mixed.utf8)) == holder)
    }

    @Test func anUnknownWordIsAnUnknownChoice() throws {
        let text = #"{"api":"both","cloud":"gcchigh","permission":"sites-selected","siteRole":"write"}"#
        #expect(throws: UnknownChoice(kind: "cloud", text: "gcchigh", known: ["global", "usgov", "usgovdod", "china"])) {
            try JSONDecoder().decode(Holder.self, from: Data(text.utf8))
        }
        #expect(throws: UnknownChoice(kind: "site role", text: "", known: ["read", "write", "manage", "fullcontrol"])) {
            try SiteRole(stored: "")
        }
        #expect(SiteRole(named: "MANAGE") == .manage && APITarget(named: "rest") == nil)
        #expect(PermissionProfile.names.first == "sites-selected" && APITarget.kind == "API")
    }

    @Test func requestIDsAreSpelledFromFortyBits() {
        #expect(RequestID.spelled(by: [0, 0, 0, 0, 0]) == "SPC-0000-0000")
        #expect(RequestID.spelled(by: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x12]) == "SPC-ZZZZ-ZZZZ")
        // 0x08 0x42 0x10 0x84 0x21: every five-bit group is 00001.
        #expect(RequestID.spelled(by: [0x08, 0x42, 0x10, 0x84, 0x21]) == "SPC-1111-1111")
        #expect(RequestID.normalize(RequestID.spelled(by: [0x3A, 0x7C, 0x55, 0x01, 0xEE])) != nil)
    }

    @Test func theReplyBlockIsBuiltFromItsWords() {
        #expect(ReplyBlock.beginMarker == "----- BEGIN SPCONNECT REPLY -----")
        #expect(ReplyBlock.endMarker == "----- END SPCONNECT REPLY -----")
        let lines = ReplyBlock.text(requestID: "SPC-7K3D-Q9XA", tenantID: "t").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first.map(String.init) == ReplyBlock.beginMarker && lines.last.map(String.init) == ReplyBlock.endMarker)
        #expect(lines.dropFirst().dropLast().map(String.init) == [
            "Request: SPC-7K3D-Q9XA", "Directory (tenant) ID: t", "Application (client) ID: ", "Object ID: ", "Certificate thumbprint: ",
        ])
    }
}
