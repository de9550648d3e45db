import ArgumentParser
import Foundation
import OpsLabWorkload

extension InterArrivalDistribution: ExpressibleByArgument {}

/// The knobs of `opslab load`, each with an environment variable fallback.
struct LoadOptions: ParsableArguments {
    @Option(help: "Target rate in requests per second over all connections (env OPSLAB_LOAD_RATE). Required.")
    var rate: Double?

    @Option(help: "How long to send: 30s, 2m, 500ms (env OPSLAB_LOAD_DURATION; default 30s).")
    var duration: String?

    @Option(help: "Keep-alive connections, one request in flight each (env OPSLAB_LOAD_CONNECTIONS; default 2).")
    var connections: Int?

    @Option(help: "Event-loop threads sharing the connections (env OPSLAB_LOAD_THREADS; default 2).")
    var threads: Int?

    @Option(help: "Seed of the schedule and the request mix (env OPSLAB_LOAD_SEED; default 1).")
    var seed: UInt64?

    @Option(help: "Inter-arrival times: fixed or exp (env OPSLAB_LOAD_DISTRIBUTION; default fixed).")
    var distribution: InterArrivalDistribution?

    @Option(help: "Per-request response timeout, also the connect timeout (env OPSLAB_LOAD_TIMEOUT; default 2s).")
    var timeout: String?

    @Flag(name: .customLong("latency"), help: "Also print the detailed percentile spectrum (wrk2's --latency).")
    var spectrum = false

    @Flag(help: "Do not print the progress line on stderr.")
    var quiet = false

    func validate() throws {
        if let duration, DurationText.parse(duration).map({ $0 > .zero }) != true {
            throw ValidationError("invalid duration '\(duration)': use e.g. 30s, 2m or 500ms")
        }
        if let timeout, DurationText.parse(timeout).map({ $0 > .zero }) != true {
            throw ValidationError("invalid timeout '\(timeout)': use e.g. 2s or 500ms")
        }
        if let rate, !(rate > 0 && rate.isFinite) {
            throw ValidationError("--rate must be a positive number of requests per second")
        }
    }

    /// The configuration for `url`, from flags, else the environment, else defaults.
    func configuration(
        url: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws
        -> LoadConfiguration
    {
        func value<T>(_ flag: T?, _ name: String, _ parse: (String) -> T?) throws -> T? {
            if let flag { return flag }
            guard let text = environment[name] else { return nil }
            guard let parsed = parse(text) else { throw ValidationError("\(name)=\(text) is not valid") }
            return parsed
        }
        guard let rate = try value(rate, "OPSLAB_LOAD_RATE", { Double($0) }) else {
            throw ValidationError("--rate is required (requests per second), e.g. --rate 100")
        }
        let durationText = try value(duration, "OPSLAB_LOAD_DURATION", { $0 }) ?? "30s"
        guard let duration = DurationText.parse(durationText), duration > .zero else {
            throw ValidationError("invalid duration '\(durationText)': use e.g. 30s, 2m or 500ms")
        }
        let timeoutText = try value(timeout, "OPSLAB_LOAD_TIMEOUT", { $0 }) ?? "2s"
        guard let timeout = DurationText.parse(timeoutText), timeout > .zero else {
            throw ValidationError("invalid timeout '\(timeoutText)': use e.g. 2s or 500ms")
        }
        let configuration = LoadConfiguration(
            url: url, rate: rate, duration: duration,
            connections: try value(connections, "OPSLAB_LOAD_CONNECTIONS", { Int($0) }) ?? 2,
            threads: try value(threads, "OPSLAB_LOAD_THREADS", { Int($0) }) ?? 2,
            distribution: try value(
                distribution, "OPSLAB_LOAD_DISTRIBUTION", { InterArrivalDistribution(rawValue: $0) }) ?? .fixed,
            timeout: timeout,
            seed: try value(seed, "OPSLAB_LOAD_SEED", { UInt64($0) }) ?? 1)
        do {
            try configuration.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        return configuration
    }
}
