import Foundation
import NIOCore
import Synchronization
import Testing

@testable import OpsLabWorkload

/// Live runs against a local NIO server on 127.0.0.1 (a few seconds each; serialized so timing is fair).
@Suite("LoadGeneratorLive", .serialized)
struct LoadGeneratorLiveTests {
    @Test func fixedRateIsAccurateAndTheIntendedCountIsExact() async throws {
        let server = try await TestHTTPServer()
        let configuration = LoadConfiguration(
            url: server.url, rate: 200, duration: .seconds(3), connections: 2, threads: 2, distribution: .fixed)
        let report = try await LoadGenerator(configuration: configuration).run()
        await server.stop()
        #expect(report.counters.scheduled == 600)
        #expect(report.counters.dispatched == 600)
        #expect(report.counters.completed == 600)
        #expect(report.counters.unsent == 0)
        #expect(report.errors.total == 0)
        #expect(abs(report.achievedRate - 200) <= 4, "achieved \(report.achievedRate) req/s")
        #expect(report.latency.count == 600)
        #expect(report.counters.bytesRead == 600 * 40)  // "HTTP/1.1 200 OK", Content-Length: 2, "ok"
        #expect(server.counters.requests.load(ordering: .relaxed) == 600)
    }

    @Test func queuedRequestsBehindAStallCarryTheStallInTheirLatency() async throws {
        // One connection, 100 req/s: request 50 stalls 500 ms, so the ~50 requests due meanwhile queue behind it.
        let server = try await TestHTTPServer { index in
            TestResponse(delay: index == 50 ? .milliseconds(500) : nil)
        }
        let configuration = LoadConfiguration(
            url: server.url, rate: 100, duration: .seconds(2), connections: 1, threads: 1, distribution: .fixed)
        let report = try await LoadGenerator(configuration: configuration).run()
        await server.stop()
        #expect(report.counters.completed == 200)
        #expect(report.errors.total == 0)
        let p99 = report.latency.value(atPercentile: 99)
        let p50 = report.latency.value(atPercentile: 50)
        #expect(p99 >= 400_000, "p99 \(p99) µs should reflect the 500 ms stall")
        #expect(p50 < 50_000, "p50 \(p50) µs should not")
        // Measured from the actual send only one request would be slow; from the intended time ~40 exceed 100 ms.
        let slow = report.latency.count(within: 100_000...LatencyHistogram.highestTrackableMicroseconds)
        #expect(slow >= 30, "\(slow) requests above 100 ms")
    }

    @Test func refusedConnectionsAreConnectErrors() async throws {
        let port = try await TestHTTPServer.closedPort()
        let configuration = LoadConfiguration(
            url: "http://127.0.0.1:\(port)/", rate: 50, duration: .seconds(1), connections: 2, threads: 1,
            distribution: .fixed)
        let report = try await LoadGenerator(configuration: configuration).run()
        #expect(report.counters.scheduled == 50)
        #expect(report.errors.connect == 50)
        #expect(report.counters.completed == 0)
        #expect(report.errors.read + report.errors.write + report.errors.timeout + report.errors.status == 0)
        #expect(report.wrkText().contains("Socket errors: connect 50, read 0, write 0, timeout 0"))
    }

    @Test func serverErrorsAreNon2xxResponses() async throws {
        let server = try await TestHTTPServer { _ in TestResponse(status: .internalServerError, body: "geo down\n") }
        let configuration = LoadConfiguration(
            url: server.url, rate: 100, duration: .seconds(1), connections: 2, threads: 1, distribution: .fixed)
        let report = try await LoadGenerator(configuration: configuration).run()
        await server.stop()
        #expect(report.counters.completed == 100)
        #expect(report.errors.status == 100)
        #expect(report.errors.socket == 0)
        #expect(report.wrkText().contains("Non-2xx or 3xx responses: 100"))
        // Due requests take the free connections in turn, so both carry half the load.
        #expect(server.counters.servedPerConnection.withLock { $0.sorted() } == [50, 50])
    }

    @Test func slowResponsesTimeOutAndTheConnectionIsReopened() async throws {
        let server = try await TestHTTPServer { index in TestResponse(delay: index == 0 ? .seconds(1) : nil) }
        let configuration = LoadConfiguration(
            url: server.url, rate: 20, duration: .seconds(1), connections: 1, threads: 1, distribution: .fixed,
            timeout: .milliseconds(200))
        let report = try await LoadGenerator(configuration: configuration).run()
        await server.stop()
        #expect(report.errors.timeout == 1)
        #expect(report.counters.completed == 19)
        #expect(report.counters.dispatched == report.counters.completed + report.errors.socket)
        #expect(server.counters.acceptedConnections.load(ordering: .relaxed) == 2)
    }

    @Test func cancellationStopsPromptlyAndClosesEverySocket() async throws {
        let server = try await TestHTTPServer()
        let configuration = LoadConfiguration(
            url: server.url, rate: 100, duration: .seconds(30), connections: 4, threads: 2)
        let started = ContinuousClock.now
        let task = Task { try await LoadGenerator(configuration: configuration).run() }
        try await Task.sleep(for: .milliseconds(500))
        task.cancel()
        let report = try await task.value
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(report.interrupted)
        #expect(report.counters.completed > 20)
        var open = server.counters.openConnections.load(ordering: .relaxed)
        for _ in 0..<50 where open > 0 {
            try await Task.sleep(for: .milliseconds(20))
            open = server.counters.openConnections.load(ordering: .relaxed)
        }
        await server.stop()
        #expect(open == 0)
    }

    @Test func progressIsReportedAboutEverySecond() async throws {
        let server = try await TestHTTPServer()
        let configuration = LoadConfiguration(url: server.url, rate: 50, duration: .milliseconds(2500))
        let seen = ProgressLog()
        let report = try await LoadGenerator(configuration: configuration).run { seen.append($0) }
        await server.stop()
        let snapshots = seen.snapshots
        #expect(snapshots.count == 2)
        #expect(snapshots.last.map { $0.counters.completed > 40 } == true)
        #expect(snapshots.first?.line.contains("req/s") == true)
        #expect(report.counters.completed == 125)
    }
}

final class ProgressLog: Sendable {
    private let storage = Mutex<[LoadProgress]>([])
    func append(_ progress: LoadProgress) { storage.withLock { $0.append(progress) } }
    var snapshots: [LoadProgress] { storage.withLock { $0 } }
}
