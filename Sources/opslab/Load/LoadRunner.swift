import ArgumentParser
import Foundation
import OpsLabWorkload

/// Runs a ``LoadGenerator`` from the command line: a `\r` progress line on stderr, Ctrl-C stops and reports.
enum LoadRunner {
    /// Runs `generator`, showing progress on stderr when `showProgress`.
    static func run(_ generator: LoadGenerator, showProgress: Bool) async throws -> LoadReport {
        var progress: (@Sendable (LoadProgress) -> Void)?
        if showProgress {
            progress = { @Sendable (snapshot: LoadProgress) in
                FileHandle.standardError.write(Data(("\r" + snapshot.line + "   ").utf8))
            }
        }
        let report = progress
        let task = Task { try await generator.run(progress: report) }
        let interrupt = InterruptSignal(cancelling: task)
        defer { interrupt.restore() }
        do {
            let result = try await task.value
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            return result
        } catch {
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
