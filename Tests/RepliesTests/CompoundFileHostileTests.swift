import Hints
import Testing
@testable import Replies
import TestSupport

/// Hostile Compound Files, built here byte by byte: loops in the DIFAT and FAT chains,
/// header counts and sizes larger than the file. Each gives its own ``RepliesError``,
/// never a crash, and nothing is allocated beyond the file's own size.
@Suite struct CompoundFileHostileTests {
    static let freeSector: UInt32 = 0xFFFF_FFFF
    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let fatSector: UInt32 = 0xFFFF_FFFD
    static let bodyStream = "__substg1.0_1000001F"

    /// A file of `sectors` sectors after the header, filled with seeded random bytes, with a
    /// valid header: sector 0 is the FAT, sector 1 the directory, sectors 2… are free.
    struct Builder {
        var bytes: [UInt8]
        let sectorSize: Int

        init(sectorShift: Int = 9, sectors: Int, seed: UInt64) {
            sectorSize = 1 << sectorShift
            var rng = SeededGenerator(seed: seed)
            bytes = (0..<((sectors + 1) * sectorSize)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for offset in 0..<512 { bytes[offset] = 0 }
            bytes.replaceSubrange(0..<8, with: CompoundFile.signature)
            put16(0x3E, at: 0x18); put16(sectorShift == 9 ? 3 : 4, at: 0x1A); put16(0xFFFE, at: 0x1C)
            put16(UInt16(sectorShift), at: 0x1E); put16(6, at: 0x20)
            put32(1, at: 0x2C); put32(1, at: 0x30); put32(4096, at: 0x38); put32(CompoundFileHostileTests.endOfChain, at: 0x3C)
            put32(CompoundFileHostileTests.endOfChain, at: 0x44); put32(0, at: 0x48)
            put32(0, at: 0x4C)
            for index in 1..<109 { put32(CompoundFileHostileTests.freeSector, at: 0x4C + 4 * index) }
            for index in 0..<(sectorSize / 4) { setFAT(index, CompoundFileHostileTests.freeSector) }
            setFAT(0, CompoundFileHostileTests.fatSector)
            setFAT(1, CompoundFileHostileTests.endOfChain)
            // The directory: the root entry, whose child is one stream (the plain-text body).
            let directory = offset(ofSector: 1)
            for entry in 0..<(sectorSize / 128) {
                let base = directory + 128 * entry
                for offset in base..<(base + 128) { bytes[offset] = 0 }
                for link in [0x44, 0x48, 0x4C] { put32(CompoundFileHostileTests.freeSector, at: base + link) }
            }
            name(entry: 0, "Root Entry", type: 5)
            put32(1, at: directory + 0x4C)
            put32(CompoundFileHostileTests.endOfChain, at: directory + 0x74)
            name(entry: 1, CompoundFileHostileTests.bodyStream, type: 2)
        }

        func offset(ofSector sector: Int) -> Int { (sector + 1) * sectorSize }

        mutating func put16(_ value: UInt16, at offset: Int) {
            bytes[offset] = UInt8(value & 0xFF)
            bytes[offset + 1] = UInt8(value >> 8)
        }

        mutating func put32(_ value: UInt32, at offset: Int) {
            for shift in 0..<4 { bytes[offset + shift] = UInt8(value >> (8 * UInt32(shift)) & 0xFF) }
        }

        mutating func setFAT(_ index: Int, _ next: UInt32) { put32(next, at: offset(ofSector: 0) + 4 * index) }

        mutating func name(entry: Int, _ text: String, type: UInt8) {
            let base = offset(ofSector: 1) + 128 * entry
            for (index, unit) in text.utf16.enumerated() { put16(unit, at: base + 2 * index) }
            put16(UInt16(2 * (text.utf16.count + 1)), at: base + 0x40)
            bytes[base + 0x42] = type
        }

        /// Where the stream's bytes start and how many there are.
        mutating func stream(entry: Int, start: UInt32, size: UInt32) {
            let base = offset(ofSector: 1) + 128 * entry
            put32(start, at: base + 0x74)
            put32(size, at: base + 0x78)
        }
    }

    static func damaged(_ why: String) -> String { "this looks like an Outlook .msg file, but it cannot be read: " + why }

    func expectDamaged(_ bytes: [UInt8], _ why: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: RepliesError.self, sourceLocation: sourceLocation) { try ReplyParser.parse(bytes) }
        #expect(error?.code == .notText, sourceLocation: sourceLocation)
        #expect(error?.detail == Self.damaged(why), sourceLocation: sourceLocation)
        #expect(error.flatMap(Hint.text(for:))?.isEmpty == false, sourceLocation: sourceLocation)
    }

    @Test func theBuilderMakesAReadableFile() throws {
        var file = Builder(sectors: 20, seed: 1)
        file.stream(entry: 1, start: 2, size: 8192)
        for sector in 2..<17 { file.setFAT(sector, UInt32(sector + 1)) }
        file.setFAT(17, Self.endOfChain)
        let reader = try CompoundFile(file.bytes)
        #expect(try reader.stream(Self.bodyStream)?.count == 8192)
    }

    @Test(arguments: [9, 12])
    func aDIFATChainPointingBackToItselfIsAnError(sectorShift: Int) {
        var file = Builder(sectorShift: sectorShift, sectors: 64, seed: 2)
        // Sector 1's DIFAT role: its entries name no FAT sector, its last one points to itself.
        file.put32(1, at: 0x44); file.put32(1, at: 0x48)
        let base = file.offset(ofSector: 1)
        for index in 0..<(file.sectorSize / 4 - 1) { file.put32(Self.freeSector, at: base + 4 * index) }
        file.put32(1, at: base + file.sectorSize - 4)
        expectDamaged(file.bytes, "its DIFAT chain loops back to sector 1")
    }

    @Test func aDIFATChainLongerThanItsHeaderCountIsAnError() {
        var file = Builder(sectors: 8, seed: 3)
        file.put32(2, at: 0x44); file.put32(1, at: 0x48)
        for (sector, next) in [(2, UInt32(3)), (3, Self.endOfChain)] {
            let base = file.offset(ofSector: sector)
            for index in 0..<127 { file.put32(Self.freeSector, at: base + 4 * index) }
            file.put32(next, at: base + 508)
        }
        expectDamaged(file.bytes, "its DIFAT chain is longer than the 1 sectors its header counts")
    }

    @Test func headerCountsLargerThanTheFileAreErrors() {
        var fat = Builder(sectors: 8, seed: 4)
        fat.put32(0xFFFF_FFFF, at: 0x2C)
        expectDamaged(fat.bytes, "its header claims 4294967295 FAT sectors, but the file holds only 8 sectors")
        var difat = Builder(sectorShift: 12, sectors: 8, seed: 5)
        difat.put32(0x7FFF_FFFF, at: 0x48)
        expectDamaged(difat.bytes, "its header claims 2147483647 DIFAT sectors, but the file holds only 8 sectors")
    }

    @Test func aFATSectorPointingToItselfIsAnError() {
        var file = Builder(sectors: 20, seed: 6)
        file.stream(entry: 1, start: 2, size: 8192)
        file.setFAT(2, 2)
        expectDamaged(file.bytes, "a sector chain loops back to sector 2")
    }

    @Test func aMiniStreamLargerThanTheFileIsAnError() {
        var file = Builder(sectors: 20, seed: 7)
        file.stream(entry: 0, start: 2, size: 0x7FFF_FFFF)
        file.setFAT(2, 2)
        expectDamaged(file.bytes, "its root entry claims a mini stream of 2147483647 bytes, but the file has only \(21 * 512)")
    }

    @Test func aStreamLargerThanTheFileIsAnError() {
        var file = Builder(sectors: 20, seed: 8)
        file.stream(entry: 1, start: 2, size: 0x7FFF_FFFF)
        file.setFAT(2, Self.endOfChain)
        expectDamaged(file.bytes, "the stream \(Self.bodyStream) claims 2147483647 bytes, but the file has only \(21 * 512)")
    }

    @Test func aMiniSectorPointingToItselfIsAnError() {
        var file = Builder(sectors: 20, seed: 9)
        // Mini stream in sector 2 (512 bytes), mini FAT in sector 3; the body is in mini sector 0, which points to itself.
        file.stream(entry: 0, start: 2, size: 512)
        file.setFAT(2, Self.endOfChain); file.setFAT(3, Self.endOfChain)
        file.put32(3, at: 0x3C); file.put32(1, at: 0x40)
        let miniFAT = file.offset(ofSector: 3)
        for index in 0..<128 { file.put32(Self.freeSector, at: miniFAT + 4 * index) }
        file.put32(0, at: miniFAT)
        file.stream(entry: 1, start: 0, size: 200)
        expectDamaged(file.bytes, "the stream \(Self.bodyStream) loops back to mini sector 0")
    }

    /// An Outlook message with a plain body and an HTML one (both read through the FAT):
    /// Outlook shows the HTML, so a value only in the plain body is not read.
    @Test func aMessagesPlainBodyBesideItsHTMLIsOnlyComparedWithIt() throws {
        let client = "043b1e1c-0632-439e-8e7f-025f33659073"
        let planted = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
        func padded(_ bytes: [UInt8]) -> [UInt8] { bytes + [UInt8](repeating: 0x20, count: max(0, 4608 - bytes.count)) }
        let plain = padded(Array("Application (client) ID: \(client)\r\nObject ID: \(planted)\r\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let html = padded(Array("<html><body><p>Application (client) ID: \(client)</p></body></html>".utf8))
        var file = Builder(sectors: 2 + 2 * 9, seed: 10)
        file.name(entry: 2, "__substg1.0_10130102", type: 2)
        file.put32(2, at: file.offset(ofSector: 1) + 128 + 0x48)  // the HTML body is the plain body's right sibling
        for (entry, bytes, first) in [(1, plain, 2), (2, html, 11)] {
            file.stream(entry: entry, start: UInt32(first), size: UInt32(bytes.count))
            for index in 0..<9 {
                file.bytes.replaceSubrange(file.offset(ofSector: first + index)..<file.offset(ofSector: first + index + 1),
                                           with: bytes[(512 * index)..<(512 * index + 512)])
                file.setFAT(first + index, index == 8 ? Self.endOfChain : UInt32(first + index + 1))
            }
        }
        let values = try ReplyParser.parse(file.bytes)
        #expect(try values.value(.clientID)?.text == client)
        #expect(try values.value(.clientID)?.document == "HTML body")
        #expect(try values.value(.objectID) == nil)
        #expect(values.notes.contains { $0.contains("message body carries values the HTML alternative does not show") && $0.contains(planted) }, "\(values.notes)")
    }
}
