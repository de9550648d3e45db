import ArgumentParser
import Foundation
import Logging
import OpsLabApps
import OpsLabCluster
import OpsLabKube
import OpsLabWorkload

/// `opslab demo`: the whole main job in one command — a fresh embedded cluster, HotelReservation deployed,
/// a seeded open-loop workload against it, the results, and a clean teardown.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start a fresh cluster, deploy hotel-reservation, drive a workload, print results, tear down.",
        discussion: """
            Everything runs in this process and its pod processes, in a temporary state directory that is
            removed at the end (keep it with --keep; the cluster is still stopped). Ctrl-C stops cleanly.
            Problems, fault injection and agents (`opslab run`) are not implemented yet.
            """
    )

    @Option(help: "Requests per second of the workload.")
    var rate = 50.0

    @Option(help: "How long the workload runs, e.g. 10s.")
    var duration = "10s"

    @Option(help: "Seed of the workload's request mix.")
    var seed: UInt64 = 1

    @Flag(help: "Keep the state directory (logs, journal) instead of deleting it.")
    var keep = false

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("opslab-demo-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer {
            if keep {
                print("State directory kept: \(directory)")
            } else {
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
        guard let length = DurationText.parse(duration) else {
            throw ValidationError("--duration must look like 10s, 2m or 500ms, got \"\(duration)\"")
        }
        let task = Task { try await DemoRun(stateDirectory: directory, rate: rate, duration: length, seed: seed).run() }
        let interrupt = InterruptSignal(cancelling: task)
        defer { interrupt.restore() }
        do {
            try await task.value
        } catch is CancellationError {
            printError("interrupted; the cluster and its pods were stopped")
            throw ExitCode(130)
        }
    }
}
