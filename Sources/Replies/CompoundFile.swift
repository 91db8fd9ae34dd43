import Common

/// A reader of just what an Outlook `.msg` needs from a Compound File Binary file
/// ([MS-CFB]): the header, the FAT (with DIFAT), the directory, the mini stream, and the
/// bytes of a stream by its path. Every chain is followed with bounds and loop checks, so
/// any bytes at all give streams or a ``RepliesError``, never a crash.
///
/// The format: https://learn.microsoft.com/openspecs/windows_protocols/ms-cfb/
/// (§2.2 header, §2.3 FAT sectors, §2.5 DIFAT, §2.6 directory entries, §2.4 mini FAT).
struct CompoundFile {
    /// The file's first eight bytes ([MS-CFB] §2.2, Header Signature).
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let noStream: UInt32 = 0xFFFF_FFFF

    /// One directory entry that is a stream: its path (`storage/name`) and where its bytes are.
    struct Entry {
        let path: String
        let start: UInt32
        let size: Int
    }

    private let bytes: [UInt8]
    private let sectorSize: Int
    private let miniSectorSize: Int
    private let miniCutoff: Int
    private let fat: [UInt32]
    private let miniFAT: [UInt32]
    private let miniStream: [UInt8]
    /// The streams by path.
    let streams: [String: Entry]

    init(_ bytes: [UInt8]) throws(RepliesError) {
        self.bytes = bytes
        guard bytes.count >= 512, bytes.starts(with: Self.signature) else { throw Self.damaged("it is not a Compound File") }
        let sectorShift = Int(Self.u16(bytes, 0x1E))
        let miniShift = Int(Self.u16(bytes, 0x20))
        // Version 3 files use 512-byte sectors, version 4 files 4096-byte ones; mini sectors are 64 bytes (§2.2).
        guard sectorShift == 9 || sectorShift == 12, miniShift == 6 else { throw Self.damaged("its sector sizes are not 512 or 4096 and 64 bytes") }
        sectorSize = 1 << sectorShift
        miniSectorSize = 1 << miniShift
        miniCutoff = Int(Self.u32(bytes, 0x38))
        let sectorCount = max(0, (bytes.count - sectorSize) / sectorSize + ((bytes.count - sectorSize) % sectorSize == 0 ? 0 : 1))

        // The header's counts of FAT and DIFAT sectors (offsets 0x2C, 0x48) bound what is read:
        // neither can exceed the sectors the file holds (§2.2).
        let fatCount = Int(Self.u32(bytes, 0x2C))
        let difatCount = Int(Self.u32(bytes, 0x48))
        guard fatCount <= sectorCount else {
            throw Self.damaged("its header claims \(fatCount) FAT sectors, but the file holds only \(sectorCount) sectors")
        }
        guard difatCount <= sectorCount else {
            throw Self.damaged("its header claims \(difatCount) DIFAT sectors, but the file holds only \(sectorCount) sectors")
        }

        // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain (§2.5).
        var fatSectors: [UInt32] = []
        for index in 0..<109 where fatSectors.count < fatCount {
            let sector = Self.u32(bytes, 0x4C + 4 * index)
            if sector < UInt32(sectorCount) { fatSectors.append(sector) }
        }
        var difat = Self.u32(bytes, 0x44)
        var difatVisited = Set<UInt32>()
        while difat < UInt32(sectorCount) {
            guard difatVisited.insert(difat).inserted else { throw Self.damaged("its DIFAT chain loops back to sector \(difat)") }
            guard difatVisited.count <= difatCount else {
                throw Self.damaged("its DIFAT chain is longer than the \(difatCount) sectors its header counts")
            }
            let base = (Int(difat) + 1) * sectorSize
            let perSector = sectorSize / 4 - 1
            for index in 0..<perSector where fatSectors.count < fatCount {
                let sector = Self.u32(bytes, base + 4 * index)
                if sector < UInt32(sectorCount) { fatSectors.append(sector) }
            }
            difat = Self.u32(bytes, base + 4 * perSector)
        }
        // At most `fatCount` (≤ the file's sectors) sectors: the FAT is never larger than the file.
        var fat: [UInt32] = []
        fat.reserveCapacity(fatSectors.count * sectorSize / 4)
        for sector in fatSectors {
            let base = (Int(sector) + 1) * sectorSize
            for index in 0..<(sectorSize / 4) { fat.append(Self.u32(bytes, base + 4 * index)) }
        }
        self.fat = fat

        let directory = try Self.chain(bytes, fat: fat, start: Self.u32(bytes, 0x30), sectorSize: sectorSize, limit: bytes.count)
        guard directory.count >= 128 else { throw Self.damaged("it has no directory") }
        let entryCount = directory.count / 128
        func entry(_ number: UInt32) -> (name: String, type: UInt8, left: UInt32, right: UInt32, child: UInt32, start: UInt32, size: Int)? {
            guard number < UInt32(entryCount) else { return nil }
            let base = Int(number) * 128
            let nameLength = min(64, Int(Self.u16(directory, base + 0x40)))
            var units: [UInt16] = []
            var offset = 0
            while offset + 1 < nameLength {
                let unit = Self.u16(directory, base + offset)
                if unit == 0 { break }
                units.append(unit)
                offset += 2
            }
            let size = Int(min(UInt64(Self.u32(directory, base + 0x78)), UInt64(Int32.max)))
            return (String(decoding: units, as: UTF16.self), directory[base + 0x42], Self.u32(directory, base + 0x44),
                    Self.u32(directory, base + 0x48), Self.u32(directory, base + 0x4C), Self.u32(directory, base + 0x74), size)
        }
        guard let root = entry(0), root.type == 5 else { throw Self.damaged("its first directory entry is not the root") }

        // Walk the tree: each storage's children are a binary tree of siblings (§2.6.4).
        var streams: [String: Entry] = [:]
        var visited = Set<UInt32>()
        var pending: [(UInt32, String)] = [(root.child, "")]
        while let (number, folder) = pending.popLast() {
            guard number != Self.noStream, visited.insert(number).inserted, let item = entry(number) else { continue }
            pending.append((item.left, folder))
            pending.append((item.right, folder))
            let path = folder.isEmpty ? item.name : folder + "/" + item.name
            if item.type == 1 { pending.append((item.child, path)) }
            if item.type == 2 { streams[path] = Entry(path: path, start: item.start, size: item.size) }
        }
        self.streams = streams
        guard root.size <= bytes.count else {
            throw Self.damaged("its root entry claims a mini stream of \(root.size) bytes, but the file has only \(bytes.count)")
        }
        miniStream = root.size > 0 ? try Self.chain(bytes, fat: fat, start: root.start, sectorSize: sectorSize, limit: root.size) : []
        miniFAT = try Self.chain(bytes, fat: fat, start: Self.u32(bytes, 0x3C), sectorSize: sectorSize, limit: bytes.count)
            .withUnsafeBytes { raw in (0..<(raw.count / 4)).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self).littleEndian } }
    }

    /// The bytes of the stream at `path`, or nil when there is none.
    func stream(_ path: String) throws(RepliesError) -> [UInt8]? {
        guard let entry = streams[path] else { return nil }
        if entry.size == 0 { return [] }
        guard entry.size <= bytes.count else {
            throw Self.damaged("the stream \(entry.path) claims \(entry.size) bytes, but the file has only \(bytes.count)")
        }
        if entry.size < miniCutoff {
            var output: [UInt8] = []
            output.reserveCapacity(entry.size)
            var sector = entry.start
            var visited = Set<UInt32>()
            while output.count < entry.size {
                guard sector < UInt32(miniFAT.count) else { throw Self.damaged("the stream \(entry.path) runs off its mini sectors") }
                guard visited.insert(sector).inserted else { throw Self.damaged("the stream \(entry.path) loops back to mini sector \(sector)") }
                let base = Int(sector) * miniSectorSize
                guard base + miniSectorSize <= miniStream.count else { throw Self.damaged("the stream \(entry.path) points past the mini stream") }
                output += miniStream[base..<min(base + miniSectorSize, base + entry.size - output.count)]
                sector = miniFAT[Int(sector)]
            }
            return output
        }
        return try Self.chain(bytes, fat: fat, start: entry.start, sectorSize: sectorSize, limit: entry.size)
    }

    /// The sectors of a FAT chain, concatenated, cut at `limit` bytes (never more than the
    /// file's size). A chain that visits a sector twice is an error.
    private static func chain(_ bytes: [UInt8], fat: [UInt32], start: UInt32, sectorSize: Int, limit: Int) throws(RepliesError) -> [UInt8] {
        var output: [UInt8] = []
        let limit = min(limit, bytes.count)
        var sector = start
        var visited = Set<UInt32>()
        while sector != endOfChain && output.count < limit {
            guard sector < UInt32(fat.count) else { throw damaged("a sector chain runs off the file") }
            guard visited.insert(sector).inserted else { throw damaged("a sector chain loops back to sector \(sector)") }
            let base = (Int(sector) + 1) * sectorSize
            guard base + sectorSize <= bytes.count + sectorSize, base < bytes.count else { throw damaged("a sector lies past the end of the file") }
            output += bytes[base..<min(bytes.count, base + sectorSize, base + limit - output.count)]
            sector = fat[Int(sector)]
        }
        return output
    }

    private static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        guard offset >= 0, offset + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { return noStream }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    static func damaged(_ why: String) -> RepliesError {
        RepliesError(.notText, "this looks like an Outlook .msg file, but it cannot be read: \(why)",
                     facts: ErrorFacts(values: [.input: "msg"]))
    }
}
