import Foundation
import Synchronization

/// Decides whether a new trace (a span without a parent) is recorded; children follow their parent's
/// `sampled` flag, as OpenTelemetry's parent-based samplers and Jaeger's clients do.
///
/// A root is sampled when it passes the ratio (decided from the trace id, so every process agrees) and the
/// rate limit (a token bucket of `maxTracesPerSecond`, like Jaeger's `ratelimiting` sampler). The limit keeps
/// span export cheap under heavy load while a lab-sized workload (tens of requests per second) is traced in
/// full.
public final class TraceSampler: Sendable {
    /// The share of new traces kept, 0...1.
    public let ratio: Double
    /// At most this many new traces per second (0 = no limit).
    public let maxTracesPerSecond: Double
    private let bucket: Mutex<(tokens: Double, last: Double)>
    private let now: @Sendable () -> Double

    /// Creates a sampler.
    ///
    /// - Parameter now: seconds on a monotonic clock (injected for tests).
    public init(
        ratio: Double = 1, maxTracesPerSecond: Double = 0,
        now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }
    ) {
        self.ratio = min(max(ratio, 0), 1)
        self.maxTracesPerSecond = max(maxTracesPerSecond, 0)
        self.now = now
        self.bucket = Mutex((tokens: max(maxTracesPerSecond, 1), last: now()))
    }

    /// Records every trace.
    public static var alwaysOn: TraceSampler { TraceSampler() }

    /// Whether a new trace with this id is recorded.
    public func shouldSample(traceID: String) -> Bool {
        guard ratio > 0, Self.passesRatio(traceID: traceID, ratio: ratio) else { return false }
        guard maxTracesPerSecond > 0 else { return true }
        let time = now()
        let rate = maxTracesPerSecond
        return bucket.withLock { bucket in
            bucket.tokens = min(max(rate, 1), bucket.tokens + (time - bucket.last) * rate)
            bucket.last = time
            guard bucket.tokens >= 1 else { return false }
            bucket.tokens -= 1
            return true
        }
    }

    /// OpenTelemetry's TraceIdRatioBased rule: the trace id's last 16 hex digits, read as a number, fall below
    /// `ratio` × 2^64.
    static func passesRatio(traceID: String, ratio: Double) -> Bool {
        if ratio >= 1 { return true }
        guard traceID.count >= 16, let low = UInt64(traceID.suffix(16), radix: 16) else { return false }
        return Double(low) < ratio * 18_446_744_073_709_551_616.0
    }

    /// The sampler a pod's environment asks for.
    ///
    /// Ratio: `OTEL_TRACES_SAMPLER` = `always_on` | `always_off` | `traceidratio` | `parentbased_*` with
    /// `OTEL_TRACES_SAMPLER_ARG`; else Jaeger's `JAEGER_SAMPLER_TYPE` (`const`, `probabilistic`) with
    /// `JAEGER_SAMPLER_PARAM`; else DeathStarBench's `JAEGER_SAMPLE_RATIO`; else 1. Limit:
    /// `JAEGER_SAMPLER_TYPE=ratelimiting` with its param, else `OPSLAB_TRACES_PER_SECOND`, else
    /// `defaultMaxTracesPerSecond` (0 turns the limit off).
    public static func fromEnvironment(
        _ environment: [String: String], defaultMaxTracesPerSecond: Double = 100
    ) -> TraceSampler {
        var ratio = 1.0
        var limit = defaultMaxTracesPerSecond
        if let sampler = environment["OTEL_TRACES_SAMPLER"]?.lowercased() {
            let argument = environment["OTEL_TRACES_SAMPLER_ARG"].flatMap(Double.init)
            switch sampler {
            case "always_off", "parentbased_always_off": ratio = 0
            case "traceidratio", "parentbased_traceidratio": ratio = argument ?? 1
            default: ratio = 1
            }
        } else if let type = environment["JAEGER_SAMPLER_TYPE"]?.lowercased() {
            let parameter = environment["JAEGER_SAMPLER_PARAM"].flatMap(Double.init)
            switch type {
            case "const": ratio = (parameter ?? 1) == 0 ? 0 : 1
            case "probabilistic": ratio = parameter ?? 1
            case "ratelimiting": limit = parameter ?? limit
            default: break
            }
        } else if let value = environment["JAEGER_SAMPLE_RATIO"].flatMap(Double.init) {
            ratio = value
        }
        if environment["JAEGER_SAMPLER_TYPE"]?.lowercased() != "ratelimiting",
            let value = environment["OPSLAB_TRACES_PER_SECOND"].flatMap(Double.init)
        {
            limit = value
        }
        return TraceSampler(ratio: ratio, maxTracesPerSecond: limit)
    }
}
