import ArgumentParser
import Foundation
import OpsLabWorkload

/// `opslab bench telemetry`: the app's sustained throughput at p99 < 100 ms with telemetry on versus off.
struct TelemetryBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telemetry",
        abstract: "Measure the cost of telemetry: hotel-reservation's capacity with scraping and tracing on vs off.",
        discussion: """
            Two configurations in one run: telemetry on (the observability stack scraping every pod, node and \
            kube-state-metrics every --scrape-interval, default 5s, and every pod exporting its spans over OTLP to \
            the stack's collector) and off (no stack, OTEL_TRACES_EXPORTER=none in every pod, no scraping). With \
            telemetry off the roles still record their Prometheus metrics in-process on every request, since that \
            code is always on; only scraping and span export go.

            Each configuration's capacity — the highest open-loop rate of the mixed hotel workload (exponential \
            inter-arrival times) whose p99 stays below --p99 (100ms), with at least 95% of the target rate \
            achieved and at most 1% errors — is found by a search: rates step up ×--growth from --start-rate \
            until a step fails (or --max-rate holds), then bisect until within --resolution; a failed rate is run \
            again (--retries, default 1) before the failure counts, so one burst of other work on the shared \
            cores does not cap the search. Every step runs in a \
            fresh embedded cluster with hotel-reservation deployed (about 5 s of set-up), a warm-up that is \
            discarded, then --duration-per-step of measured load; the stack's own stores say how many scrapes, \
            samples and spans the step cost. The two searches are interleaved, one step each per round, in an \
            order that alternates between rounds, so machine noise falls on both. Prints every step (p50/p99), \
            both capacities, the ratio on/off with the range the search brackets allow, and the goal (0.9).

            The load generator, service proxy and stack run in this process; pods are processes of this same \
            executable, so the numbers mean something only with a release build:
              swift build -c release --product opslab --scratch-path .build-release
              .build-release/release/opslab bench telemetry
            A debug build prints a warning. --quick is a short smoke run (seconds per step, coarse search) for \
            CI-like checks, not a measurement. --candidate/--baseline compare other pairs when profiling: \
            scrape-only (stack scraping, spans off) and trace-only (stack receiving spans, no scraping).
            """
    )

    @Option(help: "Measured load per step, after the warm-up (default 15s; 3s with --quick).")
    var durationPerStep: String?

    @Option(help: "Load before each measured step, discarded (default 3s; 1s with --quick).")
    var warmUp: String?

    @Option(help: "The highest rate tried, in requests per second.")
    var maxRate: Double = 4000

    @Option(help: "The first rate tried, in requests per second (default 400; 200 with --quick).")
    var startRate: Double?

    @Option(help: "Factor between rates while stepping up (default 1.5; 2 with --quick).")
    var growth: Double?

    @Option(
        help:
            "Bisection stops when the failed rate is within this fraction of the sustained one (default 0.05; 0.25 with --quick)."
    )
    var resolution: Double?

    @Option(help: "The most steps per configuration (default 16; 4 with --quick).")
    var maxSteps: Int?

    @Option(help: "How often a failed rate is run again before the failure counts (not with --quick).")
    var retries: Int = 1

    @Option(help: "Keep-alive connections of the load generator (one request in flight each).")
    var connections: Int = 32

    @Option(help: "Event-loop threads of the load generator.")
    var threads: Int = 2

    @Option(help: "The p99 latency a sustained step stays below.")
    var p99: String = "100ms"

    @Option(help: "How often the stack scrapes when telemetry is on.")
    var scrapeInterval: String = "5s"

    @Option(help: "The configuration whose cost is measured: on, off, scrape-only, trace-only.")
    var candidate: TelemetryBenchMode = .on

    @Option(help: "The configuration it is compared with.")
    var baseline: TelemetryBenchMode = .off

    @Option(help: "The ratio candidate/baseline the run is judged against.")
    var goal: Double = 0.9

    @Option(help: "Seed of the workload's schedule and request mix.")
    var seed: UInt64 = 1

    @Flag(help: "A short smoke run: 3 s steps, 1 s warm-up, a coarse search of at most 4 steps each.")
    var quick = false

    @Flag(help: "Print the report as JSON on stdout (progress goes to stderr).")
    var json = false

    func validate() throws {
        for (name, text) in [("--duration-per-step", durationPerStep), ("--warm-up", warmUp)] {
            if let text, DurationText.parse(text) == nil {
                throw ValidationError("\(name) \(text) is not a duration such as 15s")
            }
        }
        guard DurationText.parse(p99).map({ $0 > .zero }) == true else {
            throw ValidationError("--p99 \(p99) is not a positive duration such as 100ms")
        }
        guard DurationText.parse(scrapeInterval).map({ $0 > .zero }) == true else {
            throw ValidationError("--scrape-interval \(scrapeInterval) is not a positive duration such as 5s")
        }
        guard maxRate >= 1, connections >= 1, threads >= 1 else {
            throw ValidationError("--max-rate, --connections and --threads must be at least 1")
        }
        guard candidate != baseline else { throw ValidationError("--candidate and --baseline must differ") }
    }

    func run() async throws {
        let toStandardError = json
        let say: @Sendable (String) -> Void = { line in
            let handle = toStandardError ? FileHandle.standardError : FileHandle.standardOutput
            handle.write(Data((line + "\n").utf8))
        }
        #if DEBUG
        let build = "debug"
        printError(
            "warning: this is a debug build (and so are its pods); the capacities mean little. Build with\n"
                + "  swift build -c release --product opslab --scratch-path .build-release\n"
                + "and run .build-release/release/opslab bench telemetry")
        #else
        let build = "release"
        #endif
        let runner = TelemetryBenchRunner(
            candidate: candidate, baseline: baseline, search: searchConfiguration,
            criteria: CapacityCriteria(p99LimitMicroseconds: UInt64((DurationText.parse(p99) ?? .zero).microseconds)),
            settings: trialSettings, goal: goal, build: build, say: say)
        let task = Task { try await runner.run() }
        let interrupt = InterruptSignal(cancelling: task)
        defer { interrupt.restore() }
        let report: TelemetryBenchReport
        do {
            report = try await task.value
        } catch is CancellationError {
            printError("interrupted; the cluster and its pods were stopped")
            throw ExitCode(130)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(report))
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(("\n" + report.text(includingSteps: false)).utf8))
        }
    }

    var searchConfiguration: CapacitySearch.Configuration {
        CapacitySearch.Configuration(
            startRate: startRate ?? (quick ? 200 : 400), growthFactor: growth ?? (quick ? 2 : 1.5), maxRate: maxRate,
            resolution: resolution ?? (quick ? 0.25 : 0.05), minimumRate: 10, maxSteps: maxSteps ?? (quick ? 4 : 16),
            failureRetries: quick ? 0 : retries)
    }

    var trialSettings: TelemetryBenchTrial.Settings {
        TelemetryBenchTrial.Settings(
            warmUp: warmUp.flatMap(DurationText.parse) ?? .seconds(quick ? 1 : 3),
            duration: durationPerStep.flatMap(DurationText.parse) ?? .seconds(quick ? 3 : 15),
            connections: connections, threads: threads, seed: seed,
            scrapeInterval: DurationText.parse(scrapeInterval) ?? .seconds(5))
    }
}

extension Duration {
    /// The duration in whole microseconds.
    fileprivate var microseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}
