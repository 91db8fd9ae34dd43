import Foundation
import Testing
import Common

/// The hand-made JSON writer must print exactly what JSONEncoder prints for the same data.
struct JSONValueTests {
    struct Sample: Encodable {
        var name: String
        var sites: [String]
        var empty: [String]
        var count: Int
        var flag: Bool
        var missing: String?
    }

    @Test func rendersLikeJSONEncoder() throws {
        let awkward = ["plain", "quote \" backslash \\ slash /", "line\nbreak\ttab\r", "\u{01}\u{1F}control", "ünïcödé 🔑", ""]
        for text in awkward {
            let sample = Sample(name: text, sites: awkward, empty: [], count: -42, flag: true, missing: nil)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let expected = String(decoding: try encoder.encode(["items": [sample]]), as: UTF8.self)
            let value = JSONValue.object([("items", .array([.members([
                "name": .string(text), "sites": .strings(awkward), "empty": .strings([]), "count": .int(-42), "flag": .bool(true),
                "missing": .optional(nil),
            ])]))])
            #expect(value.rendered == expected)
        }
    }

    @Test func listsRenderedItemByItemMatchTheWholeTree() {
        for count in [0, 1, 3] {
            let items = (0..<count).map { "item \($0) \"quoted\"" }
            let tree = JSONValue.object([("things", .array(items.map { .members(["name": .string($0), "n": .int($0.count)]) }))]).rendered
            #expect(JSONValue.renderList(key: "things", items) { .members(["name": .string($0), "n": .int($0.count)]) } == tree)
        }
    }

    @Test func stringArraysRoundTrip() throws {
        let awkward = ["a", "quote \" and \\", "line\nbreak", "\u{01}", "ü 🔑", "", "/slash"]
        let text = String(decoding: try JSONEncoder().encode(awkward), as: UTF8.self)
        #expect(JSONStringArray.decode(text) == awkward)
        #expect(JSONStringArray.decode("[]") == [])
        #expect(JSONStringArray.decode(" [ \"a\" , \"b\" ] ") == ["a", "b"])
        #expect(JSONStringArray.decode("[\"\\ud83d\\udd11\"]") == ["🔑"])
        for bad in ["", "[", "[\"a\"", "[\"a\",]", "[1]", "{}", "[\"a\"] x", "[\"\\x\"]", "[,\"a\"]"] {
            #expect(JSONStringArray.decode(bad) == nil, "\(bad)")
        }
    }
}

/// Every module's error compares equal by its code alone (SpconnectError), whatever its text.
@Test func errorsCompareByCodeOnly() {
    #expect(CommonError(.fileExists, "a", location: "1") == CommonError(.fileExists, "b"))
    #expect(CommonError(.fileExists, "a") != CommonError(.readFailed, "a"))
}
