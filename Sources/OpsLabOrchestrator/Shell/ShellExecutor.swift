import Foundation
import Logging
import OpsLabKube

/// Runs `exec_shell` lines: checks them with `ShellPolicy`, then executes the plan without a shell.
///
/// Pipelines joined by `;`, `&&` and `||` run in order. Within a pipeline every stage runs at the same time:
/// `kubectl` runs in-process through the built-in `Kubectl` (its input is the previous stage's output, if any),
/// every other program is a real process found on the search path, started in its own process group with the
/// workspace as working directory and a minimal environment (`PATH`, `HOME` = workspace, `LANG=C.UTF-8`); `curl`
/// gets `-q --max-redirs 0` first. When the timeout passes, every process group of the line is killed.
public struct ShellExecutor: Sendable {
    /// The built-in kubectl; relative `-f` paths are read from the workspace.
    public var kubectl: Kubectl
    /// The session workspace (normalized absolute path).
    public var workspace: String
    /// Where `curl` may connect (see `ShellPolicy.check`).
    public var clusterAddresses: [String]
    /// The observation's character limit (see `ShellOutput.shape`).
    public var limit: Int
    /// The directories searched for programs, in order.
    var searchPath: [String]

    static let logger = Logger(label: "opslab.shell")

    /// Creates an executor for one session.
    ///
    /// - Parameters:
    ///   - kubectl: the built-in kubectl pointed at the episode's cluster.
    ///   - workspace: the session workspace (absolute path); it should exist.
    ///   - clusterAddresses: where `curl` may connect.
    ///   - limit: the observation's character limit.
    public init(kubectl: Kubectl, workspace: String, clusterAddresses: [String], limit: Int = 8_000) {
        let root = WorkspacePath.normalize(workspace)
        var kubectl = kubectl
        let readFile = kubectl.environment.readFile
        let listDirectory = kubectl.environment.listDirectory
        kubectl.environment.readFile = { try readFile(WorkspacePath.resolve($0, workspace: root)) }
        kubectl.environment.listDirectory = { listDirectory(WorkspacePath.resolve($0, workspace: root)) }
        self.kubectl = kubectl
        self.workspace = root
        self.clusterAddresses = clusterAddresses
        self.limit = limit
        self.searchPath = Self.defaultSearchPath(workspace: root)
    }

    /// Runs one line and returns the agent's observation.
    ///
    /// A refused line runs nothing: the refusal message is the observation (`refused`, exit 126). Otherwise the
    /// standard output and standard error of the whole line are shaped by `ShellOutput.shape`; the exit code is
    /// the last pipeline's (a pipeline's is its last stage's), 127 for a missing program, 124 after a timeout.
    public func run(_ line: String, timeout: Duration = .seconds(30)) async -> ShellResult {
        let clock = ContinuousClock()
        let start = clock.now
        let plan: ShellPlan
        switch ShellPolicy.check(line, workspace: workspace, clusterAddresses: clusterAddresses) {
        case .refuse(let message):
            return ShellResult(
                observation: message, exitCode: 126, refused: true, timedOut: false, duration: clock.now - start)
        case .allow(let allowed):
            plan = allowed
        }
        let run: ShellExecutorRun
        do {
            run = try ShellExecutorRun()
        } catch {
            let message = "exec_shell: cannot create pipes: \((error as? ShellExecutorIOError)?.message ?? "\(error)")"
            return ShellResult(
                observation: ShellOutput.shape("", message, exitCode: 1, limit: limit), exitCode: 1, refused: false,
                timedOut: false, duration: clock.now - start)
        }
        let cap = max(limit * 16, 1 << 20)
        async let stdout = ShellExecutorIO.readAll(run.stdoutRead, cap: cap)
        async let stderr = ShellExecutorIO.readAll(run.stderrRead, cap: cap)
        let status = await execute(plan, run: run, timeout: timeout)
        run.closeWriteEnds()
        let (out, err) = await (stdout, stderr)
        run.closeReadEnds()
        let timedOut = run.timedOut
        let seconds = Int(
            (Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
                .rounded(.up))
        let observation = ShellOutput.shape(
            String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self),
            exitCode: timedOut ? 0 : status, limit: limit, timedOutAfter: timedOut ? max(seconds, 1) : nil)
        return ShellResult(
            observation: observation, exitCode: timedOut ? 124 : status, refused: false, timedOut: timedOut,
            duration: clock.now - start)
    }

    /// Runs the steps, racing them against the timeout; returns the last pipeline's status.
    private func execute(_ plan: ShellPlan, run: ShellExecutorRun, timeout: Duration) async -> Int32 {
        await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await self.runSteps(plan.commandLine.steps, run: run) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            if let status = first {
                group.cancelAll()
                return status
            }
            run.timeOut()
            group.cancelAll()
            var status: Int32 = 124
            while let next = await group.next() {
                if let next { status = next }
            }
            return status
        }
    }

    /// Runs the steps in order, honouring `;`, `&&` and `||`.
    private func runSteps(_ steps: [ShellCommandLine.Step], run: ShellExecutorRun) async -> Int32 {
        var status: Int32 = 0
        for step in steps {
            if run.timedOut || Task.isCancelled { break }
            switch step.connector {
            case .and?: if status != 0 { continue }
            case .or?: if status == 0 { continue }
            case .sequence?, nil: break
            }
            status = await runPipeline(step.pipeline, run: run)
        }
        return status
    }

    /// `PATH` of this process without relative entries or the workspace, or the usual system directories.
    static func defaultSearchPath(workspace: String) -> [String] {
        let inherited = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let entries = inherited.split(separator: ":").map(String.init).filter {
            $0.hasPrefix("/") && !WorkspacePath.isInside($0, workspace: workspace)
        }
        return entries.isEmpty ? ["/usr/local/bin", "/usr/bin", "/bin", "/opt/homebrew/bin"] : entries
    }
}
