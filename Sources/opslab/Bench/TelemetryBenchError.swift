/// Why `opslab bench telemetry` could not measure, with a message for humans.
struct TelemetryBenchError: Error, CustomStringConvertible {
    /// What went wrong.
    var message: String

    /// Creates an error.
    init(_ message: String) { self.message = message }

    var description: String { message }
}
