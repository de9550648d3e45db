import Dispatch
import Foundation
import Subprocess
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How one container instance is started.
struct ContainerLaunch: Sendable {
    /// The `opslab` executable.
    var executablePath: String
    /// The arguments after the executable (`pod --pod … -- …`).
    var arguments: [String]
    /// The whole environment of the process.
    var environment: [String: String]
    /// The working directory.
    var workingDirectory: String
    /// The CRI log file of this instance.
    var logPath: String
    /// How long a SIGTERM may take before SIGKILL, when the kubelet itself is cancelled.
    var graceSeconds: Int
}

/// How a container process ended.
struct ContainerExit: Sendable, Equatable {
    /// The exit code (128 + signal for a signalled process).
    var exitCode: Int32
    /// The signal that ended it, if any.
    var signal: Int32?
}

/// Runs container processes: one process group each, output captured to a CRI log file.
enum ContainerProcess {
    /// Starts the process, calls `onStart` with its pid (which is also its process group id), copies its output
    /// into the log file, and returns when it has exited.
    ///
    /// Cancelling the calling task sends SIGTERM to the process group and SIGKILL after the grace period; the
    /// output is still captured until the process exits, so `run` returns as soon as the process is gone.
    static func run(
        _ launch: ContainerLaunch, onStart: @escaping @Sendable (Int32) async -> Void
    ) async throws -> ContainerExit {
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(launch.graceSeconds))
        ]
        var variables: [Environment.Key: String] = [:]
        for (key, value) in launch.environment { variables[Environment.Key(stringLiteral: key)] = value }
        let environment = Environment.custom(variables)
        let log = ContainerLogFile(path: launch.logPath)
        // The output is drained without regard to task cancellation (see `drain`), so a cancelled kubelet signals
        // the process group itself: SIGTERM now, SIGKILL when the grace period is over, unless it has exited.
        let state = ProcessState()
        let grace = launch.graceSeconds
        let result = try await withTaskCancellationHandler {
            try await Subprocess.run(
                .path(.init(launch.executablePath)),
                arguments: Arguments(launch.arguments),
                environment: environment,
                workingDirectory: .init(launch.workingDirectory),
                platformOptions: options,
                input: .none,
                output: .sequence,
                error: .sequence
            ) { execution in
                let pid = execution.processIdentifier.value
                state.set(pid: pid)
                if Task.isCancelled { terminate(pid: pid, graceSeconds: grace, state: state) }
                await onStart(pid)
                await drain(
                    standardOutput: execution.standardOutput, standardError: execution.standardError, into: log
                )
                state.markExited()
                if !Task.isCancelled { kill(-pid, SIGKILL) }
            }
        } onCancel: {
            if let pid = state.pid { terminate(pid: pid, graceSeconds: grace, state: state) }
        }
        switch result.terminationStatus {
        case .exited(let code): return ContainerExit(exitCode: code, signal: nil)
        case .signaled(let signal): return ContainerExit(exitCode: 128 + signal, signal: signal)
        }
    }

    /// SIGTERM to the process group now, SIGKILL after the grace period if it has not exited.
    private static func terminate(pid: Int32, graceSeconds: Int, state: ProcessState) {
        signal(group: pid, SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(max(graceSeconds, 1))) {
            if !state.exited { signal(group: pid, SIGKILL) }
        }
    }

    /// Copies both output pipes into the log until end-of-file, even when the calling task is cancelled.
    ///
    /// The pipes must stay open until the process has exited: a stopping container still writes (its shutdown
    /// logs), and a pipe closed under it turns those writes into EPIPE, which crashes processes that treat a failed
    /// write as fatal (Foundation's `FileHandle.write` traps) and makes the Swift backtracer hold them for seconds.
    /// The reads therefore run in a task that does not inherit cancellation; end-of-file comes when the process
    /// group is gone (SIGKILL after the grace period at the latest), and the subprocess monitor ends reads that a
    /// leaked descendant would keep open.
    private static func drain(
        standardOutput: SubprocessOutputSequence, standardError: SubprocessOutputSequence, into log: ContainerLogFile
    ) async {
        await Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await pump(standardOutput, into: log, stream: "stdout") }
                group.addTask { await pump(standardError, into: log, stream: "stderr") }
            }
        }.value
    }

    private static func pump(_ sequence: SubprocessOutputSequence, into log: ContainerLogFile, stream: String) async {
        do {
            for try await line in sequence.strings() {
                log.append(line, stream: stream)
            }
        } catch {
            // The pipe closed or the read was cancelled: the process is gone.
        }
    }

    /// Sends a signal to a process group (falling back to the process itself).
    static func signal(group pgid: Int32, _ signal: Int32) {
        guard pgid > 1 else { return }
        if kill(-pgid, signal) != 0 { kill(pgid, signal) }
    }

    /// The resident set size of a process in bytes, from `/proc/<pid>/status`, or `nil` when unknown.
    static func residentBytes(pid: Int32) -> Double? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/status") else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let kilobytes = Double(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}

/// The pid of a running container process and whether it has exited, shared with cancellation handlers.
final class ProcessState: Sendable {
    private let storage = Mutex<(pid: Int32?, exited: Bool)>((nil, false))

    /// The pid, once the process started.
    var pid: Int32? { storage.withLock { $0.pid } }
    /// Whether the process has exited (its output pipes closed).
    var exited: Bool { storage.withLock { $0.exited } }

    func set(pid: Int32) { storage.withLock { $0.pid = pid } }
    func markExited() { storage.withLock { $0.exited = true } }
}
