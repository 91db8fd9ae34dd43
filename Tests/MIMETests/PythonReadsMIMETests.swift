// What MIME writes, read back by Python's email package (policy.default, through
// scripts/mail_check.py) and by MIME's own reading half: both must give the inputs back.
import Common
import Foundation
import MIME
import Testing
import TestSupport

@Suite struct PythonReadsMIMETests {
    @Test("random header text, file names, bodies and attachment bytes read back the same by Python and by MIME", arguments: [UInt64(1), 2])
    func pythonAgrees(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let subjects = (0..<40).map { _ in RandomText.make(RandomText.headerPieces, maximum: 20, using: &generator) }
        let body = RandomText.make(RandomText.bodyPieces, maximum: 60, using: &generator)
        // File names as Mail accepts them: not empty, no blank at either end.
        let files = (0..<12).map { _ in
            (name: "f" + RandomText.make(RandomText.headerPieces, maximum: 10, using: &generator) + "e",
             bytes: RandomText.bytes(maximum: 300, using: &generator))
        }
        let boundary = "=_mime_test_\(seed)"

        var headers: [UInt8] = []
        for (index, subject) in subjects.enumerated() {
            headers += HeaderField(name: "X-Case-\(index)", tokens: HeaderField.unstructuredTokens(subject)).rendered()
        }
        headers += HeaderField(name: "MIME-Version", tokens: ["1.0"]).rendered()
        headers += HeaderField(name: "Content-Type", tokens: ["multipart/mixed;", "boundary=\"\(boundary)\""]).rendered()
        var message = headers
        message += Array("\r\n--\(boundary)\r\n".utf8)
        message += HeaderField(name: "Content-Type", tokens: ["text/plain;", "charset=utf-8"]).rendered()
        message += HeaderField(name: "Content-Transfer-Encoding", tokens: ["quoted-printable"]).rendered()
        message += Array("\r\n".utf8) + QuotedPrintable.encode(body)
        for file in files {
            message += Array("--\(boundary)\r\n".utf8)
            message += HeaderField(name: "Content-Type", tokens: ["application/octet-stream;"]
                                   + MIMEParameter.legacyNameTokens(name: "name", value: file.name)).rendered()
            message += HeaderField(name: "Content-Disposition", tokens: ["attachment;"]
                                   + MIMEParameter.tokens(name: "filename", value: file.name)).rendered()
            message += HeaderField(name: "Content-Transfer-Encoding", tokens: ["base64"]).rendered()
            message += Array("\r\n".utf8) + MIMEBase64.encode(file.bytes)
        }
        message += Array("--\(boundary)--\r\n".utf8)

        let parsed = try ParsedMail(bytes: message)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.crlfOnly)
        for (index, subject) in subjects.enumerated() {
            #expect(parsed.header("X-Case-\(index)") == [subject], "\(subject.debugDescription)")
        }
        // Python reads the text with LF line breaks; the CRLF before the boundary is the boundary's.
        let expectedText = String(decoding: RandomText.crlf(body), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(parsed.text == expectedText, "\(body.debugDescription)")
        let attachments = parsed.attachments
        #expect(attachments.count == files.count)
        for (attachment, file) in zip(attachments, files) {
            #expect(attachment["filename"] as? String == file.name)
            #expect(attachment["base64"] as? String == Base64.encode(file.bytes))
        }

        // MIME's reading half on the same bytes.
        let fields = HeaderField.parse(headers)
        #expect(fields.map(\.value).prefix(subjects.count) == subjects[...])
        #expect(ContentType(parsing: fields.last?.value ?? "").boundary == boundary)
    }
}
