import Foundation

extension SessionEpisode {
    /// How often a long-running phase reports that it is still running.
    static let progressInterval: Duration = .seconds(5)

    /// Runs `body`; while it takes longer than ``progressInterval``, reports `… <label> (N s)` every interval, so a
    /// terminal shows that a slow step (a long command, a slow model, the mitigation check) is alive.
    static func reporting<T: Sendable>(
        _ label: String, to progress: (@Sendable (String) -> Void)?,
        _ body: @Sendable () async throws -> T
    ) async rethrows -> T {
        guard let progress else { return try await body() }
        let ticker = Task {
            let start = ContinuousClock.now
            while true {
                do { try await Task.sleep(for: progressInterval) } catch { return }
                let elapsed = Int(WorkloadPolicy.seconds(ContinuousClock.now - start).rounded())
                progress("… \(label) (\(elapsed) s)")
            }
        }
        defer { ticker.cancel() }
        return try await body()
    }
}
