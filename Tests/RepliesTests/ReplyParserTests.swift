import Hints
import Testing
@testable import Replies
import TestSupport

/// What the parser finds in replies written by hand for one behaviour each.
@Suite struct ReplyParserTests {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let client = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1b2c"
    static let thumbprint = "3F2A9C0D4E5B6A7980716253443526170819AABB"

    static func block(_ request: String = "SPC-7K3D-Q9XA", tenant: String = tenant, client: String = client,
                      thumbprint: String = thumbprint, newline: String = "\n") -> String {
        ["----- BEGIN SPCONNECT REPLY -----", "Request: \(request)", "Directory (tenant) ID: \(tenant)",
         "Application (client) ID: \(client)", "Certificate thumbprint: \(thumbprint)", "----- END SPCONNECT REPLY -----"]
            .joined(separator: newline)
    }

    func values(_ text: String) throws -> ReplyValues { try ReplyParser.parse(text: text) }

    func expectAll(_ text: String, request: String? = "SPC-7K3D-Q9XA", tenant: String? = tenant, client: String? = client,
                   thumbprint: String? = thumbprint, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let found = try values(text)
        #expect(try found.value(.request)?.text == request, sourceLocation: sourceLocation)
        #expect(try found.value(.tenantID)?.text == tenant, sourceLocation: sourceLocation)
        #expect(try found.value(.clientID)?.text == client, sourceLocation: sourceLocation)
        #expect(try found.value(.thumbprint)?.text == thumbprint, sourceLocation: sourceLocation)
    }

    @Test func theBlockAsTheScriptsPrintIt() throws {
        try expectAll(Self.block())
        try expectAll(Self.block(newline: "\r\n"))
        try expectAll(Self.block(newline: "\r"))
    }

    @Test(arguments: ["> ", ">> ", "> > ", ">>> ", " > ", "> >> ", ">"])
    func quotingAtAnyDepth(_ prefix: String) throws {
        let quoted = Self.block().split(separator: "\n").map { prefix + $0 }.joined(separator: "\n")
        try expectAll(quoted)
        let found = try values(quoted)
        #expect(try found.value(.clientID)?.inBlock == true)
    }

    @Test func guidsInBracesUpperCaseOrWithoutHyphensAreNormalized() throws {
        try expectAll(Self.block(tenant: "{" + Self.tenant.uppercased() + "}", client: "(" + Self.client + ")"))
        try expectAll(Self.block(client: Self.client.replacingOccurrences(of: "-", with: "").uppercased()))
    }

    @Test(arguments: [" ", ":", "-"])
    func thumbprintsWithSeparatorsOrLowerCase(_ separator: String) throws {
        let pairs = stride(from: 0, to: 40, by: 2).map { index -> String in
            let start = Self.thumbprint.index(Self.thumbprint.startIndex, offsetBy: index)
            return String(Self.thumbprint[start..<Self.thumbprint.index(start, offsetBy: 2)])
        }
        try expectAll(Self.block(thumbprint: pairs.joined(separator: separator).lowercased()))
    }

    @Test func thePortalsLabelsWithoutTheMarkers() throws {
        try expectAll("""
        Request: SPC-7K3D-Q9XA
        Application (client) ID : \(Self.client)
        Object ID : 11111111-2222-4333-8444-555555555555
        Directory (tenant) ID : \(Self.tenant)
        Thumbprint: \(Self.thumbprint)
        """)
        try expectAll("Tenant ID: \(Self.tenant)\nClient ID: \(Self.client)\nThumbprint: \(Self.thumbprint)\n", request: nil)
    }

    @Test func idsInlineInProse() throws {
        try expectAll("""
        Hi Dana, for SPC-7K3D-Q9XA the application (client) ID is \(Self.client) and our tenant ID is
        \(Self.tenant); the certificate thumbprint in the portal is \(Self.thumbprint).
        """)
    }

    @Test func aLabelOrAValueBrokenAcrossLines() throws {
        try expectAll("""
        Request: SPC-7K3D-Q9XA
        Directory (tenant)
        ID: \(Self.tenant)
        Application (client) ID:
        \(Self.client)
        Certificate thumbprint: 3F 2A 9C 0D 4E 5B 6A 79 80 71
        62 53 44 35 26 17 08 19 AA BB
        """)
    }

    @Test func theFilledBlockWinsOverTheQuotedEmptyOne() throws {
        let empty = Self.block(tenant: "", client: "", thumbprint: "").split(separator: "\n").map { "> " + $0 }.joined(separator: "\n")
        let text = "Here you go:\n\n" + Self.block() + "\n\nOn Mon, Dana wrote:\n" + empty
        try expectAll(text)
        let found = try values(text)
        #expect(found.blockCount == 2 && found.filledBlockCount == 1)
    }

    @Test func anEmptyBlockIsNotAReply() throws {
        let found = try values(Self.block(tenant: "", client: "", thumbprint: ""))
        #expect(found.isEmpty)
        #expect(found.blockCount == 1 && found.filledBlockCount == 0)
        #expect(try found.value(.request)?.text == "SPC-7K3D-Q9XA")
    }

    @Test func twoDifferentValuesAtTheSameLevelAreAnErrorNamingBoth() throws {
        let found = try values(Self.block() + "\n\nSorry, the client ID is 11111111-2222-4333-8444-555555555555.\n")
        let error = #expect(throws: RepliesError.self) { try found.value(.clientID) }
        #expect(error?.code == .conflictingValues)
        #expect(error?.reason.contains(Self.client) == true)
        #expect(error?.reason.contains("11111111-2222-4333-8444-555555555555") == true)
        #expect(error.flatMap(Hint.text(for:))?.contains("--client-id") == true)
    }

    @Test func theSameValueTwiceIsOneValue() throws {
        try expectAll(Self.block() + "\n\nAgain, the client ID: \(Self.client.uppercased())\n")
    }

    @Test func newerTextWinsOverQuotedText() throws {
        // A corrected client ID above a quoted earlier reply with the wrong one.
        let old = Self.block(client: "11111111-2222-4333-8444-555555555555").split(separator: "\n").map { "> " + $0 }.joined(separator: "\n")
        try expectAll("Correction, the Application (client) ID is \(Self.client).\n\nOn Tue, Alex wrote:\n" + old)
        // Outlook's unquoted original below a From/Sent block counts as deeper too.
        try expectAll(Self.block() + "\n\nFrom: Dana\nSent: Monday\nTo: Alex\nSubject: request\n\nClient ID: 11111111-2222-4333-8444-555555555555\n")
    }

    @Test func aTenantGUIDOutranksATenantDomainAtTheSameLevel() throws {
        try expectAll("Tenant ID: contoso.onmicrosoft.com\n" + Self.block())
        try expectAll(Self.block(tenant: "Contoso.OnMicrosoft.com"), tenant: "contoso.onmicrosoft.com")
    }

    @Test func theObjectIDNextToAnEmptyClientIDIsNeverTaken() throws {
        let found = try values("Application (client) ID:\nObject ID: 11111111-2222-4333-8444-555555555555\nDirectory (tenant) ID: \(Self.tenant)\n")
        #expect(try found.value(.clientID) == nil)
        let table = try values("Application (client) ID\t\nObject ID\t11111111-2222-4333-8444-555555555555\n")
        #expect(try table.value(.clientID) == nil)
        let uri = try values("Application ID URI: api://11111111-2222-4333-8444-555555555555\n")
        #expect(try uri.value(.clientID) == nil)
    }

    @Test func aQuotedScriptGivesNoValues() throws {
        let script = """
        > $app = New-MgApplication -DisplayName 'spconnect-reports'
        > az ad app permission add --id $appId --api 00000003-0000-0ff1-ce00-000000000000
        > Write-Host "Application (client) ID: $($app.AppId)"
        > Write-Host "Certificate thumbprint: $thumbprint"
        """
        #expect(try values(script).isEmpty)
    }

    @Test func wordsWhereAValueBelongsAreNotValues() throws {
        let found = try values("Directory (tenant) ID: see below\nApplication (client) ID: <paste here>\nCertificate thumbprint: n/a\n")
        #expect(found.isEmpty)
    }

    @Test func nearMissesAreReportedAsWritten() throws {
        let typo = "6f1d2c3b-8a4e-4f5a-9b6c-7d8e9f0a1bG2"
        let found = try values(Self.block(client: typo, thumbprint: String(Self.thumbprint.dropLast())))
        #expect(try found.value(.clientID) == ReplyValue(text: typo, kind: .malformed, document: "text", line: 4, level: 0, inBlock: true))
        #expect(try found.value(.thumbprint)?.text == String(Self.thumbprint.dropLast()))
        #expect(try found.value(.thumbprint)?.kind == .malformed)
    }

    @Test func aSHA256FingerprintIsNotCutToAThumbprint() throws {
        let sha256 = String(repeating: "AB:", count: 31) + "CD"
        let found = try values("Certificate thumbprint: \(sha256)\n")
        #expect(try found.value(.thumbprint)?.kind == .malformed)
        #expect(try found.value(.thumbprint)?.text == sha256)
    }

    @Test func aThumbprintFollowedByHexLookingWordsStopsAt40Digits() throws {
        try expectAll(Self.block(thumbprint: Self.thumbprint + " be added"))
    }

    @Test func requestIDsInOtherSpellings() throws {
        #expect(try values("request spc 7k3d q9xa, thanks").value(.request)?.text == "SPC-7K3D-Q9XA")
        #expect(try values("SPConnectReply").value(.request) == nil)
        #expect(try values("SPC-7K3D-Q9XU").value(.request) == nil)
    }

    @Test func htmlAndEntities() throws {
        let html = "<html><body><p>Directory (tenant) ID:&nbsp;&#55;2f988bf-86f1-41af-91ab-2d7cd011db47</p>"
            + "<p>Application&nbsp;(client)&nbsp;ID&#x3A; \(Self.client)</p><blockquote><p>Client ID: 11111111-2222-4333-8444-555555555555</p></blockquote></body></html>"
        let found = try values(html)
        #expect(try found.value(.tenantID)?.text == Self.tenant)
        #expect(try found.value(.clientID)?.text == Self.client)
    }

    @Test func theSubjectNamesTheRequestWhenTheBodyDoesNot() throws {
        let message = "From: a@contoso.com\r\nSubject: =?utf-8?q?Re=3A_request_SPC-7K3D-Q9XA?=\r\n\r\nClient ID: \(Self.client)\r\n"
        #expect(try values(message).value(.request)?.text == "SPC-7K3D-Q9XA")
    }

    @Test func limits() throws {
        let large = [UInt8](repeating: UInt8(ascii: "a"), count: ReplyParser.maximumSize + 1)
        #expect(throws: RepliesError(.repliesTooLarge, "")) { try ReplyParser.parse(large) }
        #expect(throws: Never.self) { try ReplyParser.parse([UInt8](repeating: UInt8(ascii: "a"), count: 1000)) }
        var junk = SeededGenerator(seed: 1)
        let binary = (0..<5000).map { _ in UInt8.random(in: 0...255, using: &junk) }
        #expect(throws: RepliesError(.notText, "")) { try ReplyParser.parse(binary) }
        #expect(try ReplyParser.parse([]).isEmpty)
    }

    @Test func utf16TextWithAndWithoutAByteOrderMark() throws {
        let text = Self.block(newline: "\r\n")
        let little = Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [[0xFF, 0xFE] + little, little, big] {
            let found = try ReplyParser.parse(bytes)
            #expect(try found.value(.clientID)?.text == Self.client)
        }
    }

    @Test func aLargeReplyIsReadWhole() throws {
        // How fast is `make bench`'s to say (import-1mb: the release build, 50 ms per MB), not a
        // test's: this one checks that a reply of 1 MiB of quoted blocks still gives its values.
        var text = Self.block() + "\n\n"
        let quoted = "> " + Self.block(tenant: "", client: "", thumbprint: "").replacingOccurrences(of: "\n", with: "\n> ") + "\n> Tenant ID is below, see the portal.\n"
        while text.utf8.count < 1 << 20 { text += quoted }
        try expectAll(text)
    }
}
