import Foundation

extension LoadReport {
    /// The percentiles wrk2 prints under `Latency Distribution`.
    public static let wrkPercentiles: [Double] = [50, 75, 90, 99, 99.9, 99.99, 99.999, 100]

    /// The report as wrk2 prints it (`wrk -L`), optionally with the detailed percentile spectrum (`--latency`).
    ///
    /// Differences from wrk2: the `Socket errors` and `Non-2xx or 3xx responses` lines are always printed, and an
    /// `Unsent requests` line appears when requests were still queued at the end.
    public func wrkText(includeSpectrum: Bool = false) -> String {
        var lines: [String] = []
        lines.append("Running \(DurationText.format(configuration.duration)) test @ \(configuration.url)")
        lines.append("  \(threads) threads and \(configuration.connections) connections")
        lines.append("  Thread Stats" + pad("Avg", 6) + pad("Stdev", 11) + pad("Max", 8) + pad("+/- Stdev", 12))
        let latency = counters.latency
        lines.append(
            "    " + "Latency".padding(toLength: 10, withPad: " ", startingAt: 0)
                + WrkFormat.column(WrkFormat.time(microseconds: latency.mean), width: 8)
                + WrkFormat.column(WrkFormat.time(microseconds: latency.standardDeviation), width: 10)
                + WrkFormat.column(WrkFormat.time(microseconds: Double(latency.max)), width: 9)
                + pad(WrkFormat.fixed(latency.percentWithinOneStandardDeviation, decimals: 2) + "%", 9))
        let rates = SampleStatistics(rateSamples)
        lines.append(
            "    " + "Req/Sec".padding(toLength: 10, withPad: " ", startingAt: 0)
                + WrkFormat.column(WrkFormat.metric(rates.mean), width: 8)
                + WrkFormat.column(WrkFormat.metric(rates.standardDeviation), width: 10)
                + WrkFormat.column(WrkFormat.metric(rates.max), width: 9)
                + pad(WrkFormat.fixed(rates.percentWithinOneStandardDeviation, decimals: 2) + "%", 9))
        lines.append("  Latency Distribution (HdrHistogram - Recorded Latency)")
        for percentile in Self.wrkPercentiles {
            let value = latency.value(atPercentile: percentile)
            lines.append(
                pad(WrkFormat.fixed(percentile, decimals: 3), 7) + "%"
                    + WrkFormat.column(WrkFormat.time(microseconds: Double(value)), width: 10))
        }
        if includeSpectrum {
            lines.append("")
            lines.append("  Detailed Percentile spectrum:")
            lines.append(latency.percentileSpectrum().trimmingCharacters(in: .newlines))
        }
        lines.append("----------------------------------------------------------")
        let elapsedText = WrkFormat.time(microseconds: elapsed.seconds * 1_000_000)
        lines.append(
            "  \(counters.completed) requests in \(elapsedText), \(WrkFormat.binary(Double(counters.bytesRead)))B read")
        let errors = counters.errors
        lines.append(
            "  Socket errors: connect \(errors.connect), read \(errors.read), write \(errors.write), "
                + "timeout \(errors.timeout)")
        lines.append("  Non-2xx or 3xx responses: \(errors.status)")
        if counters.unsent > 0 {
            lines.append("  Unsent requests (still queued at the end): \(counters.unsent)")
        }
        if interrupted { lines.append("  Interrupted before the end of the run") }
        lines.append("Requests/sec: " + pad(WrkFormat.fixed(achievedRate, decimals: 2), 9))
        lines.append("Transfer/sec: " + pad(WrkFormat.binary(transferRate), 10) + "B")
        return lines.joined(separator: "\n") + "\n"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

/// Mean, standard deviation, maximum and share within one deviation of a small list of samples.
struct SampleStatistics {
    var mean = 0.0
    var standardDeviation = 0.0
    var max = 0.0
    var percentWithinOneStandardDeviation = 0.0

    init(_ samples: [Double]) {
        guard !samples.isEmpty else { return }
        let count = Double(samples.count)
        mean = samples.reduce(0, +) / count
        let squares = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        standardDeviation = samples.count > 1 ? (squares / (count - 1)).squareRoot() : 0
        max = samples.max() ?? 0
        let within = samples.filter { abs($0 - mean) <= standardDeviation }.count
        percentWithinOneStandardDeviation = Double(within) / count * 100
    }
}
