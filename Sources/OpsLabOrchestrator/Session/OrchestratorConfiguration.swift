import Foundation
import OpsLabFaults

/// Resolves a problem id into a ``SessionProblem``.
public typealias SessionProblemResolver = @Sendable (String) throws -> SessionProblem

/// How an ``Orchestrator`` sets up and records sessions.
public struct OrchestratorConfiguration: Sendable {
    /// Where each session's embedded cluster keeps its state; `nil` uses a fresh temporary directory per session
    /// (removed at teardown).
    public var stateDirectory: String?
    /// Where results go: `<results>/<session>.json` and `<results>/<session>/trace.jsonl` (plus the workspace).
    public var resultsDirectory: String
    /// The seed of the workload and of any random fault parameters.
    public var seed: UInt64
    /// The default step limit.
    public var maxSteps: Int
    /// The `opslab` executable the kubelet starts pod processes with.
    public var executablePath: String
    /// Changes to every problem's workload policy (rate, warm-up, wait after injection); empty keeps the
    /// per-problem defaults of ``workloadPolicies``.
    public var workload: WorkloadPolicyOverrides
    /// The default workload policy of a problem id (``WorkloadPolicyTable/policy(forProblem:)`` unless replaced).
    public var workloadPolicies: @Sendable (String) -> WorkloadPolicy
    /// How long a mitigation submission may take to be judged healthy.
    public var mitigationTimeout: Duration
    /// How long the app may take to become Ready.
    public var readyTimeout: Duration
    /// Maps problem ids to problems.
    public var resolver: SessionProblemResolver
    /// Called with one-line progress messages (setup phases, steps); never shown to the agent.
    public var progress: (@Sendable (String) -> Void)?
    /// How often the session's observability stack scrapes; `nil` means `OPSLAB_SCRAPE_INTERVAL`, else 2 s.
    public var scrapeInterval: Duration?

    /// Creates a configuration.
    public init(
        stateDirectory: String? = nil, resultsDirectory: String, seed: UInt64 = 42, maxSteps: Int = 30,
        executablePath: String, workload: WorkloadPolicyOverrides = WorkloadPolicyOverrides(),
        workloadPolicies: @escaping @Sendable (String) -> WorkloadPolicy = WorkloadPolicyTable.policy(forProblem:),
        mitigationTimeout: Duration = .seconds(20),
        readyTimeout: Duration = .seconds(60), resolver: @escaping SessionProblemResolver = SessionProblem.registry,
        progress: (@Sendable (String) -> Void)? = nil
    ) {
        self.stateDirectory = stateDirectory
        self.resultsDirectory = resultsDirectory
        self.seed = seed
        self.maxSteps = maxSteps
        self.executablePath = executablePath
        self.workload = workload
        self.workloadPolicies = workloadPolicies
        self.mitigationTimeout = mitigationTimeout
        self.readyTimeout = readyTimeout
        self.resolver = resolver
        self.progress = progress
    }

    /// The policy a session of `problemID` uses: its default with ``workload`` applied.
    public func workloadPolicy(for problemID: String) -> WorkloadPolicy {
        workload.applied(to: workloadPolicies(problemID))
    }
}
