import Testing
@testable import Entra

@Test func entraErrorsCompareByCode() {
    #expect(EntraError(.unknownCloud, "a") == EntraError(.unknownCloud, "b"))
    #expect(EntraError(.unknownCloud, "a") != EntraError(.unknownProfile, "a"))
}
