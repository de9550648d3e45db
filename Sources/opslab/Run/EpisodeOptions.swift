import ArgumentParser
import Foundation

/// The options every episode-running command shares: `--max-steps`, `--seed`, `--results`.
struct EpisodeOptions: ParsableArguments {
    @Option(help: "The most agent turns per episode.")
    var maxSteps = 30

    @Option(help: "Seed of the workload and fault parameters.")
    var seed: UInt64 = 42

    @Option(help: "Directory for results and journals.")
    var results = "results"

    func validate() throws {
        guard maxSteps > 0 else { throw ValidationError("--max-steps must be at least 1") }
    }

    /// The results directory as an absolute path, created if missing.
    func resultsDirectory() throws -> String {
        let path = URL(fileURLWithPath: results).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
