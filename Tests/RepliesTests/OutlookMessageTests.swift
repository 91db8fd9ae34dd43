import Hints
import Foundation
import Testing
@testable import Replies
import Domain
import MIME
import TestSupport

/// Outlook `.msg` replies, made by another implementation (scripts/make_msg_fixtures.py:
/// aspose-email-foss writes them, extract-msg reads them back), read by spconnect's own
/// Compound File reader.
@Suite struct OutlookMessageTests {
    struct Manifest: Decodable {
        struct Message: Decodable, CustomTestStringConvertible {
            let file: String
            let request: String
            let clientID: String
            let objectID: String
            let thumbprint: String
            let sender: String
            var testDescription: String { file }
        }
        let tenantID: String
        let messages: [Message]
    }

    static let manifest: Manifest = {
        do {
            return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: ReplyCorpus.folder.appendingPathComponent("msg/manifest.json")))
        } catch {
            fatalError("cannot read msg/manifest.json: \(error)")
        }
    }()

    @Test func thereAreMessages() {
        #expect(Self.manifest.messages.count >= 3)
    }

    @Test(arguments: manifest.messages)
    func aMessageGivesItsValuesAndSender(_ message: Manifest.Message) throws {
        let bytes = ReplyCorpus.bytes(message.file)
        #expect(OutlookMessage.looksLikeOutlookMessage(bytes))
        let values = try ReplyParser.parse(bytes)
        #expect(try values.value(.request)?.text == message.request)
        #expect(try values.value(.tenantID)?.text == Self.manifest.tenantID)
        #expect(try values.value(.clientID)?.text == message.clientID)
        #expect(try values.value(.objectID)?.text == message.objectID)
        #expect(try values.value(.thumbprint)?.text == message.thumbprint)
        #expect(values.senders == [message.sender])
        // The attachment of m3 carries other IDs: they are not read (no conflict).
        for field in ReplyField.allCases { #expect((values.values[field]?.count ?? 0) <= 1, "\(field)") }
    }

    @Test func aBodyOverTheMiniStreamCutoffIsReadThroughTheFAT() throws {
        let file = try CompoundFile(ReplyCorpus.bytes("msg/m2-stranger-long-body.msg"))
        let body = try #require(try file.stream("__substg1.0_1000001F"))
        #expect(body.count >= 4096)
        #expect(String(decoding: Charset.decode(body, as: .utf16LE), as: UTF8.self).contains("line 119 of the original request"))
    }

    @Test func damagedFilesGiveAnErrorNeverACrash() throws {
        let original = ReplyCorpus.bytes("msg/m1-outlook-plain-and-html.msg")
        #expect(throws: RepliesError(.notText, "")) { try ReplyParser.parse(Array(original.prefix(600))) }
        var rng = SeededGenerator(seed: 18)
        var results = 0
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...12, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[at] = UInt8.random(in: 0...255, using: &rng)
            }
            if Bool.random(using: &rng) { bytes = Array(bytes.prefix(Int.random(in: 512...bytes.count, using: &rng))) }
            do {
                _ = try ReplyParser.parse(bytes)
                results += 1
            } catch {
                #expect(Hint.text(for: error)?.isEmpty == false)
            }
        }
        #expect(results > 0)
    }

    @Test func aCompoundFileThatIsNotAMessageIsSaidSo() throws {
        // A Compound File with only a root entry: a header, one FAT sector, one directory sector.
        var bytes = [UInt8](repeating: 0, count: 512 * 3)
        bytes.replaceSubrange(0..<8, with: CompoundFile.signature)
        func put32(_ value: UInt32, at offset: Int) { for shift in 0..<4 { bytes[offset + shift] = UInt8(value >> (8 * UInt32(shift)) & 0xFF) } }
        func put16(_ value: UInt16, at offset: Int) { bytes[offset] = UInt8(value & 0xFF); bytes[offset + 1] = UInt8(value >> 8) }
        put16(0x3E, at: 0x18); put16(3, at: 0x1A); put16(0xFFFE, at: 0x1C); put16(9, at: 0x1E); put16(6, at: 0x20)
        put32(1, at: 0x2C); put32(1, at: 0x30); put32(4096, at: 0x38); put32(0xFFFF_FFFE, at: 0x3C); put32(0xFFFF_FFFE, at: 0x44)
        put32(0, at: 0x4C)
        for index in 1..<109 { put32(0xFFFF_FFFF, at: 0x4C + 4 * index) }
        // FAT (sector 0): sector 0 is the FAT, sector 1 the directory (end of chain).
        put32(0xFFFF_FFFD, at: 512); put32(0xFFFF_FFFE, at: 516)
        for index in 2..<128 { put32(0xFFFF_FFFF, at: 512 + 4 * index) }
        // Directory (sector 1): the root entry.
        let root = 1024
        for (offset, unit) in "Root Entry".utf16.enumerated() { put16(unit, at: root + 2 * offset) }
        put16(22, at: root + 0x40); bytes[root + 0x42] = 5
        put32(0xFFFF_FFFF, at: root + 0x44); put32(0xFFFF_FFFF, at: root + 0x48); put32(0xFFFF_FFFF, at: root + 0x4C)
        put32(0xFFFF_FFFE, at: root + 0x74)
        for entry in 1..<4 {
            let base = root + 128 * entry
            put32(0xFFFF_FFFF, at: base + 0x44); put32(0xFFFF_FFFF, at: base + 0x48); put32(0xFFFF_FFFF, at: base + 0x4C)
        }
        let error = #expect(throws: RepliesError.self) { try ReplyParser.parse(bytes) }
        #expect(error?.code.domain == .replies)
        #expect(error?.reason.contains("not an Outlook message") == true, "\(error?.reason ?? "")")
    }
}
