// The README's config.toml examples, read with spconnect's own parser: a key it does not take,
// a value it refuses or a combination it rejects fails here, so the examples cannot rot.
import Foundation
import Testing
import TestSupport
@testable import Workflow

struct ReadmeConfigurationTests {
    /// Every ```toml block of README.md, with the line it starts on.
    static func tomlBlocks() throws -> [(line: Int, text: String)] {
        let readme = try String(contentsOfFile: packagePath("README.md"), encoding: .utf8)
        var blocks: [(Int, String)] = []
        var current: [String]?
        var start = 0
        for (index, line) in readme.components(separatedBy: "\n").enumerated() {
            if current == nil {
                if line.trimmingCharacters(in: .whitespaces) == "```toml" {
                    current = []
                    start = index + 1
                }
            } else if line.trimmingCharacters(in: .whitespaces) == "```" {
                blocks.append((start, current!.joined(separator: "\n")))
                current = nil
            } else {
                current!.append(line)
            }
        }
        #expect(current == nil, "README.md: the toml block from line \(start) is not closed")
        return blocks
    }

    @Test func everyTomlBlockOfTheReadmeIsAConfigurationSpconnectAccepts() throws {
        let blocks = try Self.tomlBlocks()
        #expect(blocks.count >= 4, "the README's config.toml examples: \(blocks.count) found")
        for block in blocks {
            #expect(throws: Never.self, "README.md line \(block.line)") {
                _ = try Configuration.parse(block.text, path: "README.md:\(block.line)")
            }
        }
    }

    @Test func theReadmeHasTheExchangeGmailAndRelayExamples() throws {
        let configurations = try Self.tomlBlocks().compactMap { try? Configuration.parse($0.text) }
        let exchange = configurations.first { $0.smtp.host == "smtp.office365.com" }
        #expect(exchange?.smtp.auth.rawValue == "xoauth2")
        #expect(exchange?.smtp.port == 587 && exchange?.smtp.security.rawValue == "starttls")
        #expect(exchange?.smtp.tokenCommand != nil && exchange?.smtp.username != nil)
        let gmail = configurations.first { $0.smtp.host == "smtp.gmail.com" }
        #expect(gmail?.smtp.security.rawValue == "tls" && gmail?.smtp.port == 465)
        #expect(gmail?.smtp.passwordCommand != nil || gmail?.smtp.passwordFile != nil)
        let relay = configurations.first { $0.smtp.port == 25 }
        #expect(relay?.smtp.username == nil && relay?.smtp.security.rawValue == "starttls" && relay?.smtp.auth.rawValue == "auto")
    }

    @Test func aKeySpconnectDoesNotTakeFailsTheParse() throws {
        // The check above can fail: a misspelt key in a block is refused by the same parser.
        let exchange = try #require(try Self.tomlBlocks().first { $0.text.contains("smtp.office365.com") })
        let misspelt = exchange.text.replacingOccurrences(of: "token_command", with: "token_cmd")
        #expect(throws: WorkflowError.self) { _ = try Configuration.parse(misspelt) }
    }
}
