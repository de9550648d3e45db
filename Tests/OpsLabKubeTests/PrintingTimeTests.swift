import Foundation
import Testing

@testable import OpsLabKube

@Suite("Printing: HumanDuration and KubeTime")
struct PrintingTimeTests {
    @Test(arguments: [
        (-5.0, "<invalid>"), (-2.0, "<invalid>"), (-1.5, "0s"), (-0.5, "0s"), (0.0, "0s"), (5.0, "5s"),
        (119.9, "119s"), (120.0, "2m"), (192.0, "3m12s"), (300.0, "5m"), (599.0, "9m59s"), (600.0, "10m"),
        (2_700.0, "45m"), (10_799.0, "179m"), (10_800.0, "3h"), (11_100.0, "3h5m"), (11_159.0, "3h5m"),
        (25_200.0, "7h"), (28_800.0, "8h"), (72_000.0, "20h"), (169_199.0, "46h"), (172_800.0, "2d"),
        (183_600.0, "2d3h"), (604_800.0, "7d"), (691_199.0, "7d23h"), (691_200.0, "8d"), (8_640_000.0, "100d"),
        (63_072_000.0, "2y"), (65_664_000.0, "2y30d"), (252_288_000.0, "8y"), (400_000_000.0, "12y"),
    ])
    func humanDuration(seconds: Double, expected: String) {
        #expect(HumanDuration.format(seconds) == expected)
    }

    @Test func ageOfMissingTimestampIsUnknown() {
        let now = Date(timeIntervalSince1970: 1_000)
        #expect(HumanDuration.since(nil, now: now) == "<unknown>")
        #expect(HumanDuration.since(timestamp: nil, now: now) == "<unknown>")
        #expect(HumanDuration.since(timestamp: "garbage", now: now) == "<unknown>")
        #expect(HumanDuration.since(Date(timeIntervalSince1970: 962), now: now) == "38s")
    }

    @Test func rfc3339RoundTrip() throws {
        let date = try #require(KubeTime.parse("2026-01-02T15:04:05Z"))
        #expect(KubeTime.rfc3339(date) == "2026-01-02T15:04:05Z")
        #expect(date.timeIntervalSince1970 == 1_767_366_245)
        #expect(KubeTime.rfc3339(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(KubeTime.rfc3339(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    }

    @Test func parseAcceptsFractionsAndOffsets() throws {
        let base = try #require(KubeTime.parse("2026-01-02T15:04:05Z"))
        let fraction = try #require(KubeTime.parse("2026-01-02T15:04:05.250000Z"))
        #expect(abs(fraction.timeIntervalSince(base) - 0.25) < 1e-6)
        let offset = try #require(KubeTime.parse("2026-01-02T17:04:05+02:00"))
        #expect(offset == base)
        #expect(KubeTime.parse("") == nil)
        #expect(KubeTime.parse("2026-01-02") == nil)
        #expect(KubeTime.parse("2026-13-02T15:04:05Z") == nil)
        #expect(KubeTime.parse("2026-01-02T15:04:05") == nil)
    }

    @Test func rfc1123z() throws {
        let date = try #require(KubeTime.parse("2006-01-02T15:04:05Z"))
        #expect(KubeTime.rfc1123z(date) == "Mon, 02 Jan 2006 15:04:05 +0000")
        #expect(KubeTime.rfc1123z(date, utcOffsetSeconds: -7 * 3_600) == "Mon, 02 Jan 2006 08:04:05 -0700")
        #expect(KubeTime.rfc3339Micro(date.addingTimeInterval(0.5)) == "2006-01-02T15:04:05.500000Z")
    }
}
