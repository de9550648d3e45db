import Foundation
import Synchronization

/// What a command run inside a pod (`kubectl exec`) sees: its environment, working directory, standard input
/// and where its output goes.
///
/// The pod's working directory plays the container's root file system: absolute paths are resolved inside it
/// and `..` never leaves it, so a command never reads the host's files.
public struct ToolContext: Sendable {
    /// The container's image, e.g. `mongo:4.4.6` (decides which commands exist).
    public var image: String
    /// The process environment.
    public var environment: [String: String]
    /// The container's root directory on the host.
    public var rootDirectory: String
    /// Reads the whole standard input (empty when there is none).
    public var readStandardInput: @Sendable () async -> Data
    /// Writes to standard output.
    public var writeOutput: @Sendable (Data) -> Void
    /// Writes to standard error.
    public var writeError: @Sendable (Data) -> Void

    /// Creates a context.
    public init(
        image: String, environment: [String: String], rootDirectory: String,
        readStandardInput: @escaping @Sendable () async -> Data = { Data() },
        writeOutput: @escaping @Sendable (Data) -> Void, writeError: @escaping @Sendable (Data) -> Void
    ) {
        self.image = image
        self.environment = environment
        self.rootDirectory = rootDirectory
        self.readStandardInput = readStandardInput
        self.writeOutput = writeOutput
        self.writeError = writeError
    }

    /// Writes text to standard output.
    func out(_ text: String) { writeOutput(Data(text.utf8)) }
    /// Writes text to standard error.
    func err(_ text: String) { writeError(Data(text.utf8)) }

    /// The host path of a container path (absolute, or relative to the container's `/`).
    func hostPath(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return ([rootDirectory] + parts.map(String.init)).joined(separator: "/")
    }

    /// A copy whose standard input is `input` (when given) and whose output goes into `output` (when given).
    func piped(input: Data?, output: ToolOutputBuffer?) -> ToolContext {
        var copy = self
        if let input { copy.readStandardInput = { input } }
        if let output { copy.writeOutput = { output.append($0) } }
        return copy
    }

    /// A copy whose standard error goes to standard output (`2>&1`) or nowhere.
    func redirectingError(toOutput: Bool) -> ToolContext {
        var copy = self
        if toOutput {
            copy.writeError = writeOutput
        } else {
            copy.writeError = { _ in }
        }
        return copy
    }

    /// A copy whose standard output goes nowhere (`>/dev/null`).
    func discardingOutput() -> ToolContext {
        var copy = self
        copy.writeOutput = { _ in }
        return copy
    }
}

/// A growable buffer of bytes shared between tasks (a pipe between two commands of a pipeline).
final class ToolOutputBuffer: Sendable {
    private let storage = Mutex(Data())

    /// Appends bytes.
    func append(_ data: Data) { storage.withLock { $0.append(data) } }
    /// Everything written so far.
    var data: Data { storage.withLock { $0 } }
}
