import Testing

@testable import OpsLabWorkload

@Suite("DurationText")
struct DurationTextTests {
    @Test func parsesWrkStyleDurations() {
        #expect(DurationText.parse("30s") == .seconds(30))
        #expect(DurationText.parse("2m") == .seconds(120))
        #expect(DurationText.parse("500ms") == .milliseconds(500))
        #expect(DurationText.parse("1.5s") == .milliseconds(1500))
        #expect(DurationText.parse("1h") == .seconds(3600))
        #expect(DurationText.parse("10") == .seconds(10))
        #expect(DurationText.parse("abc") == nil)
        #expect(DurationText.parse("-1s") == nil)
        #expect(DurationText.parse("") == nil)
    }

    @Test func formatsShortForms() {
        #expect(DurationText.format(.seconds(30)) == "30s")
        #expect(DurationText.format(.seconds(120)) == "2m")
        #expect(DurationText.format(.milliseconds(500)) == "500ms")
        #expect(DurationText.format(.milliseconds(1500)) == "1.5s")
    }
}
