import ArgumentParser

/// `opslab bench …`: benchmarks (not tests) that print measurements.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark and print its measurements.",
        subcommands: [BenchLoadGeneratorCommand.self, TelemetryBenchCommand.self]
    )
}
