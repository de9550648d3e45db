import Foundation
import Subprocess
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// How an exec'd command ended.
enum ExecResult: Sendable, Equatable {
    /// The command ran and exited (128 + signal for a signalled one).
    case exited(Int32)
    /// The command could not be started; the runtime's message.
    case startFailed(String)
    /// OpsLab could not run `opslab pod-exec` at all.
    case internalError(String)
}

/// Runs one `kubectl exec` command as `opslab pod-exec --pod NS/NAME --container C --image IMG -- CMD…`, in its
/// own process group, with the container's environment and the pod's directory as working directory.
///
/// Output is handed over as it arrives; standard input is fed from a stream when given. The process group is
/// killed when the caller is cancelled (the stream closed) or when `timeout` passes.
enum ExecProcess {
    /// Where to send a chunk of output: `true` for standard error.
    typealias Output = @Sendable (_ isError: Bool, _ data: Data) async -> Void

    /// The longest an exec may run before it is killed.
    static let defaultTimeout: Duration = .seconds(3600)

    /// Runs the command and returns how it ended.
    static func run(
        _ target: ExecTarget, command: [String], executablePath: String, scratchDirectory: String,
        stdin: AsyncStream<Data>?, timeout: Duration = defaultTimeout, output: @escaping Output
    ) async -> ExecResult {
        try? FileManager.default.createDirectory(atPath: scratchDirectory, withIntermediateDirectories: true)
        let startErrorFile = "\(scratchDirectory)/\(UUID().uuidString).err"
        defer { try? FileManager.default.removeItem(atPath: startErrorFile) }
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(1))]
        var variables: [Environment.Key: String] = [:]
        for (key, value) in target.environment { variables[Environment.Key(stringLiteral: key)] = value }
        let arguments =
            [
                "pod-exec", "--pod", "\(target.namespace)/\(target.pod)", "--container", target.container,
                "--image", target.image, "--start-error-file", startErrorFile, "--",
            ] + command
        let pid = Mutex<Int32>(0)
        do {
            let result = try await withTaskCancellationHandler {
                try await Subprocess.run(
                    .path(FilePath(executablePath)), arguments: Arguments(arguments),
                    environment: .custom(variables), workingDirectory: FilePath(target.workingDirectory),
                    platformOptions: options, input: .inputWriter, output: .sequence, error: .sequence
                ) { execution in
                    let processID = execution.processIdentifier.value
                    pid.withLock { $0 = processID }
                    let writer = execution.standardInputWriter
                    let standardOutput = execution.standardOutput
                    let standardError = execution.standardError
                    await withTaskGroup(of: Bool.self) { group in
                        group.addTask {
                            if let stdin {
                                for await chunk in stdin where !chunk.isEmpty {
                                    if (try? await writer.write(Array(chunk))) == nil { break }
                                }
                            }
                            try? await writer.finish()
                            return false
                        }
                        group.addTask {
                            await pump(standardOutput, isError: false, output); return true
                        }
                        group.addTask {
                            await pump(standardError, isError: true, output); return true
                        }
                        group.addTask {
                            try? await Task.sleep(for: timeout)
                            if !Task.isCancelled { ContainerProcess.signal(group: processID, SIGKILL) }
                            return false
                        }
                        // Wait for both output pipes to close, then stop the stdin feeder and the timer.
                        var closedPipes = 0
                        while closedPipes < 2, let isPump = await group.next() {
                            if isPump { closedPipes += 1 }
                        }
                        group.cancelAll()
                    }
                }
            } onCancel: {
                ContainerProcess.signal(group: pid.withLock { $0 }, SIGKILL)
            }
            let code: Int32
            switch result.terminationStatus {
            case .exited(let value): code = value
            case .signaled(let signal): code = 128 + signal
            }
            if code == 127, let data = FileManager.default.contents(atPath: startErrorFile), !data.isEmpty {
                return .startFailed(String(decoding: data, as: UTF8.self))
            }
            return .exited(code)
        } catch {
            return .internalError("failed to start \(executablePath): \(error)")
        }
    }

    private static func pump(_ sequence: SubprocessOutputSequence, isError: Bool, _ output: Output) async {
        do {
            for try await buffer in sequence {
                let data = buffer.withUnsafeBytes { Data($0) }
                if !data.isEmpty { await output(isError, data) }
            }
        } catch {
            // The pipe closed: the process is gone.
        }
    }
}
