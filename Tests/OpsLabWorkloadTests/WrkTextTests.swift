import Testing

@testable import OpsLabWorkload

@Suite("WrkText")
struct WrkTextTests {
    @Test func unitsFollowWrk() {
        #expect(WrkFormat.time(microseconds: 9_690) == "9.69ms")
        #expect(WrkFormat.time(microseconds: 500) == "500.00us")
        #expect(WrkFormat.time(microseconds: 900) == "0.90ms")
        #expect(WrkFormat.time(microseconds: 1_200_000) == "1.20s")
        #expect(WrkFormat.time(microseconds: 30_000_000) == "30.00s")
        #expect(WrkFormat.binary(20_940_000) == "19.97M")
        #expect(WrkFormat.binary(512) == "512.00")
        #expect(WrkFormat.metric(2_000) == "2.00k")
        #expect(WrkFormat.column("9.69ms", width: 10) == "    9.69ms")
        #expect(WrkFormat.column("9.69s", width: 10) == "    9.69s ")
    }

    @Test func reportPrintsWrk2Lines() {
        var counters = LoadCounters()
        counters.scheduled = 3_000
        counters.dispatched = 3_000
        counters.completed = 2_990
        counters.bytesRead = 1_048_576
        counters.errors = LoadErrorCounts(connect: 1, read: 2, write: 3, timeout: 4, status: 7)
        for value in 1...2_990 { counters.latency.record(microseconds: UInt64(value * 10)) }
        let report = LoadReport(
            configuration: LoadConfiguration(url: "http://127.0.0.1:5000", rate: 100, duration: .seconds(30)),
            threads: 2, elapsed: .seconds(30), counters: counters, rateSamples: [50, 50, 49, 51])
        let text = report.wrkText()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "Running 30s test @ http://127.0.0.1:5000")
        #expect(lines.contains("  2 threads and 2 connections"))
        #expect(lines.contains("  Latency Distribution (HdrHistogram - Recorded Latency)"))
        for label in [" 50.000%", " 75.000%", " 90.000%", " 99.000%", " 99.900%", " 99.990%", " 99.999%", "100.000%"] {
            #expect(lines.contains { $0.hasPrefix(label) }, "missing \(label)")
        }
        #expect(lines.contains(" 50.000%   14.95ms"))
        #expect(lines.contains("  2990 requests in 30.00s, 1.00MB read"))
        #expect(lines.contains("  Socket errors: connect 1, read 2, write 3, timeout 4"))
        #expect(lines.contains("  Non-2xx or 3xx responses: 7"))
        #expect(lines.contains("Requests/sec:     99.67"))
        #expect(lines.contains("Transfer/sec:     34.13KB"))
        #expect(!report.wrkText(includeSpectrum: true).contains("Unsent"))
        #expect(report.wrkText(includeSpectrum: true).contains("Detailed Percentile spectrum:"))
    }

    @Test func targetsParse() throws {
        let target = try LoadTarget(url: "http://127.0.0.1:8080/index.html?x=1")
        #expect(target.host == "127.0.0.1")
        #expect(target.port == 8080)
        #expect(target.pathAndQuery == "/index.html?x=1")
        #expect(target.hostHeader == "127.0.0.1:8080")
        let bare = try LoadTarget(url: "http://localhost")
        #expect(bare.port == 80 && bare.pathAndQuery == "/" && bare.hostHeader == "localhost")
        #expect(throws: LoadGeneratorError.self) { try LoadTarget(url: "https://127.0.0.1/") }
        #expect(throws: LoadGeneratorError.self) { try LoadTarget(url: "http://127.0.0.1:99999/") }
    }
}
