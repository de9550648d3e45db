import Foundation

extension ShellExecutor: SessionShell {
    /// Runs the line through the pipeline executor and returns its observation.
    public func observe(_ line: String, timeout: Duration) async -> String {
        await run(line, timeout: timeout).observation
    }
}
