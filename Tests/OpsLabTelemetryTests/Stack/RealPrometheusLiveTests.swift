import Foundation
import OpsLabCore
import OpsLabTelemetry
import Testing

/// Debian's `prometheus` scraping the cluster's pods through our HTTP service discovery.
///
/// Skipped (with a message) when no `prometheus` binary is on PATH; CI installs it.
@Suite("Real Prometheus over HTTP SD (live)", .serialized)
struct RealPrometheusLiveTests {
    static var prometheusPath: String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/prometheus" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A free TCP port on 127.0.0.1 (bound by a throw-away server, then released).
    static func freePort() async throws -> Int {
        let server = try await TelemetryHTTPServer.bind(host: "127.0.0.1", port: 0) { _ in .notFound }
        let port = server.port
        await server.close()
        return port
    }

    @Test("prometheus with http_sd_configs on /api/v1/sd/targets scrapes the pods and answers `up`")
    func realPrometheusScrapesPods() async throws {
        guard let binary = Self.prometheusPath else {
            print("skipped: no `prometheus` binary on PATH (apt-get install prometheus)")
            return
        }
        let cluster = try await StackLiveCluster.start()
        let directory = cluster.configuration.stateDirectory + "/prometheus"
        var process: Process?
        do {
            let applied = await cluster.run("apply", "-f", "-", stdin: ObservabilityStackLiveTests.manifest)
            #expect(applied.exitCode == 0, "\(applied.stderr)")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let sd = try #require(cluster.endpoints.prometheusURL) + "/api/v1/sd/targets"
            let config = """
                global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
                scrape_configs:
                - job_name: opslab-pods
                  http_sd_configs:
                  - url: \(sd)
                    refresh_interval: 1s
                """
            try config.write(toFile: directory + "/prometheus.yml", atomically: true, encoding: .utf8)
            let port = try await Self.freePort()
            let started = Process()
            started.executableURL = URL(fileURLWithPath: binary)
            started.arguments = [
                "--config.file=\(directory)/prometheus.yml", "--storage.tsdb.path=\(directory)/data",
                "--web.listen-address=127.0.0.1:\(port)", "--storage.tsdb.retention.time=1h",
                "--log.level=warn",
            ]
            started.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            started.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try started.run()
            process = started
            let query = "http://127.0.0.1:\(port)/api/v1/query?query=up%7Bjob%3D%22opslab-pods%22%7D"
            var last = ""
            try await cluster.eventually(60, "prometheus reporting `up` for both echo pods") {
                last = try await StackLiveCluster.http("GET", query).body
                let result = try ObservabilityStackLiveTests.result(last)
                return result.filter { $0[path: ["metric", "app"]]?.stringValue == "echo" }.count == 2
            }
            let series = try ObservabilityStackLiveTests.result(last)
            #expect(series.allSatisfy { $0[path: ["metric", "namespace"]]?.stringValue == "default" }, "\(last)")
            #expect(series.allSatisfy { $0[path: ["metric", "pod"]]?.stringValue?.hasPrefix("echo-") == true })
            #expect(series.allSatisfy { $0[path: ["metric", "instance"]]?.stringValue?.hasSuffix(":8080") == true })
        } catch {
            Self.stop(process)
            await cluster.stop()
            throw error
        }
        Self.stop(process)
        await cluster.stop()
    }

    static func stop(_ process: Process?) {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
