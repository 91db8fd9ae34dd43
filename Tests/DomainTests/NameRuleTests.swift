import Testing
import Domain

/// The one rule for certificate and connection names: every name either validator refused
/// before is refused, every name either accepted that the other accepted too still passes.
@Suite struct NameRuleTests {
    @Test(arguments: ["contoso-reports", "Café Reports 2", "App 1_2.x", "Zürich", "a.b", "renamed-5", "payments", "7k3dq9xa",
                      "spconnect-contoso SPC-7K3D-Q9XA", String(repeating: "x", count: 64)])
    func accepts(_ name: String) {
        #expect(NameRule.violation(in: name) == nil)
    }

    @Test func refusesWithTheFirstRuleBroken() {
        let cases: [(String, NameRule.Violation)] = [
            ("", .empty),
            (String(repeating: "x", count: 65), .tooLong(65)),
            // 64 characters but 65 scalars: the limit counts scalars.
            (String(repeating: "x", count: 63) + "e\u{301}", .tooLong(65)),
            ("tab\there", .controlCharacter("\t")), ("new\nline", .controlCharacter("\n")), ("bell\u{7}", .controlCharacter("\u{7}")),
            ("del\u{7F}", .controlCharacter("\u{7F}")), ("c1\u{85}", .controlCharacter("\u{85}")),
            ("a\u{200B}b", .controlCharacter("\u{200B}")), ("a\u{202E}b", .controlCharacter("\u{202E}")),
            ("a/b", .pathSeparator("/")), ("a\\b", .pathSeparator("\\")), ("../x", .pathSeparator("/")),
            (".", .dotsOrLeadingHyphen), ("..", .dotsOrLeadingHyphen), ("a..b", .dotsOrLeadingHyphen), (".hidden", .dotsOrLeadingHyphen),
            ("-rf", .dotsOrLeadingHyphen),
            (" lead", .blankAtEnd), ("trail ", .blankAtEnd), ("nbsp\u{A0}", .blankAtEnd),
            ("SPC-7K3D-Q9XA", .requestID), ("spc 7k3d q9xa", .requestID), ("SPC7K3DQ9XA", .requestID), ("SPC-payments", .requestID),
        ]
        for (name, expected) in cases {
            #expect(NameRule.violation(in: name) == expected, "\(name.debugDescription)")
        }
    }

    @Test func detailsNameTheSubjectAndTheFact() {
        #expect(NameRule.Violation.empty.detail(subject: "the name") == "the name is empty")
        #expect(NameRule.Violation.tooLong(65).detail(subject: "the name") == "the name has 65 characters; at most 64 fit")
        #expect(NameRule.Violation.controlCharacter("\u{1B}").detail(subject: "the connection name")
                == "the connection name contains the control character U+1B")
        #expect(NameRule.Violation.pathSeparator("/").detail(subject: "the name") == "the name contains a path separator ('/')")
        #expect(NameRule.Violation.dotsOrLeadingHyphen.detail(subject: "the name").contains("must not contain '..' or start with '.' or '-'"))
    }
}
