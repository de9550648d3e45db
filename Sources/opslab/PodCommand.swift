import ArgumentParser
import Foundation
import Logging
import OpsLabApps
import OpsLabTelemetry
import Tracing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `opslab pod`: the hidden entry point the kubelet starts for every container.
///
/// Runs one built-in role with the container's arguments and environment, and exits when its parent (the
/// cluster process) dies, so no pod outlives the cluster.
struct PodCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pod",
        abstract: "Run one container of a pod (started by the embedded kubelet).",
        shouldDisplay: false
    )

    /// `<namespace>/<name>` of the pod.
    @Option(help: "The pod, as <namespace>/<name>.")
    var pod: String

    /// The container's name.
    @Option(help: "The container's name.")
    var container: String

    /// The built-in role to run.
    @Option(help: "The built-in role to run, e.g. echo.")
    var role: String

    /// The container's command and args, after `--`.
    @Argument(parsing: .postTerminator, help: "The container's command and arguments.")
    var arguments: [String] = []

    func validate() throws {
        let parts = pod.split(separator: "/")
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("--pod must be <namespace>/<name>, got \"\(pod)\"")
        }
    }

    func run() async throws {
        Self.exitWhenParentDies()
        let environment = ProcessInfo.processInfo.environment
        let tracing = Self.tracingPipeline(environment: environment, arguments: arguments)
        if let tracing {
            InstrumentationSystem.bootstrap(tracing.tracer)
            FatalExitHook.install { tracing.batcher.forceFlush() }
        }
        let role = self.role
        let arguments = self.arguments
        let outcome: Result<Int32, any Error> = await withTaskGroup(of: Result<Int32, any Error>?.self) { group in
            if let tracing {
                // Exports on schedule; on cancellation it exports what is queued and closes its connection.
                group.addTask {
                    try? await tracing.run()
                    return nil
                }
            }
            group.addTask {
                do {
                    return .success(try await Roles.run(role: role, arguments: arguments, environment: environment))
                } catch {
                    return .failure(error)
                }
            }
            var outcome: Result<Int32, any Error> = .success(0)
            while let next = await group.next() {
                if let next {
                    outcome = next
                    group.cancelAll()
                }
            }
            return outcome
        }
        switch outcome {
        case .success(let code): throw ExitCode(code)
        case .failure(let error):
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// The span pipeline of this container, or `nil` when tracing is off.
    ///
    /// The OTLP/HTTP endpoint is `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT` when set,
    /// else the cluster's collector, Service `jaeger` in namespace `observe` (port 4318), found the way the pod
    /// finds any Service. `OTEL_TRACES_EXPORTER=none`, or a cluster without that Service, turns tracing off.
    /// Sampling follows `TraceSampler.fromEnvironment`: every trace up to 100 new traces per second per process
    /// unless the environment says otherwise.
    static func tracingPipeline(environment: [String: String], arguments: [String]) -> OTLPTracingPipeline? {
        if environment["OTEL_TRACES_EXPORTER"] == "none" { return nil }
        let endpoint: String
        if let given = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? environment["OTEL_EXPORTER_OTLP_ENDPOINT"],
            !given.isEmpty
        {
            endpoint = given
        } else if let address = ServiceResolver(environment: environment).resolve("jaeger.observe") {
            endpoint = "http://\(address):4318"
        } else {
            return nil
        }
        var logger = Logger(label: "opslab.pod.tracing")
        logger.logLevel = .critical
        let name = RoleTelemetry.serviceName(environment: environment, arguments: arguments)
        return try? OTLPTracingPipeline(
            endpoint: endpoint, serviceName: name, sampler: TraceSampler.fromEnvironment(environment), logger: logger)
    }

    /// Starts a thread that exits the process as soon as the parent process changes (it died and we were
    /// re-parented).
    static func exitWhenParentDies() {
        let parent = getppid()
        Thread.detachNewThread {
            while true {
                usleep(250_000)
                if getppid() != parent { _exit(0) }
            }
        }
    }
}
