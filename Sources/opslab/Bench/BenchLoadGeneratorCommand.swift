import ArgumentParser
import Foundation
import OpsLabWorkload

/// `opslab bench load-generator`: the load generator's maximum rate next to wrk's, against the same local server.
struct BenchLoadGeneratorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-generator",
        abstract: "Measure the load generator's maximum request rate against wrk's on a trivial local server.",
        discussion: """
            Starts a trivial HTTP server (SwiftNIO, in this process on its own event loop group, 127.0.0.1, a
            13-byte 200 body), runs the generator at a target rate far above what it can reach (so its completed
            requests per second is its maximum) with 2 threads × 16 connections, then runs `wrk -t2 -c16` for the
            same duration if wrk is on PATH (Debian: `apt-get install wrk`), and prints both rates and the ratio.
            Build with `-c release` for meaningful numbers. Goal: at least 0.5× wrk.
            """
    )

    @Option(help: "How long each of the two runs lasts (whole seconds for wrk).")
    var duration: String = "10s"

    @Option(help: "Threads of the generator and of wrk.")
    var threads: Int = 2

    @Option(help: "Connections of the generator and of wrk.")
    var connections: Int = 16

    @Option(help: "Event-loop threads of the local server.")
    var serverThreads: Int = 1

    @Option(help: "The generator's target rate, far above the achievable one.")
    var rate: Double = 5_000_000

    func run() async throws {
        guard let duration = DurationText.parse(duration), duration >= .seconds(1) else {
            throw ValidationError("invalid duration '\(self.duration)': use whole seconds, e.g. 10s")
        }
        let server = try await BenchHTTPServer(threads: serverThreads)
        let url = "http://127.0.0.1:\(server.port)/"
        print("Server: SwiftNIO in-process, \(serverThreads) event loop(s), \(url)")
        let seconds = Int(duration.components.seconds)
        let configuration = LoadConfiguration(
            url: url, rate: rate, duration: .seconds(seconds), connections: connections, threads: threads,
            distribution: .fixed, timeout: .seconds(2), seed: 1)
        let report: LoadReport
        do {
            report = try await LoadGenerator(configuration: configuration).run()
        } catch {
            await server.stop()
            throw error
        }
        let ours = report.achievedRate
        let elapsed = WrkFormat.fixed(report.elapsedSeconds, decimals: 2)
        print(
            "opslab load: \(WrkFormat.fixed(ours, decimals: 2)) requests/sec (\(report.counters.completed) requests in "
                + "\(elapsed)s, \(threads) threads × \(connections) connections, errors \(report.errors.total))")
        guard let wrk = WrkRunner.locate() else {
            await server.stop()
            print("wrk: not found on PATH; install it with `apt-get install wrk` to compare")
            return
        }
        let result: (output: String, rate: Double?)
        do {
            result = try WrkRunner.run(
                executable: wrk, threads: threads, connections: connections, seconds: seconds, url: url)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        guard let theirs = result.rate, theirs > 0 else {
            print("wrk: could not read its Requests/sec line:\n\(result.output)")
            throw ExitCode(1)
        }
        print(
            "wrk:         \(WrkFormat.fixed(theirs, decimals: 2)) requests/sec "
                + "(wrk -t\(threads) -c\(connections) -d\(seconds)s)")
        let ratio = ours / theirs
        let verdict = ratio >= 0.5 ? "meets" : "is below"
        print("ratio:       \(WrkFormat.fixed(ratio, decimals: 2))× wrk (\(verdict) the goal of 0.50×)")
    }
}
