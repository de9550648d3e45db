import ArgumentParser
import Foundation
import OpsLabApps

/// `opslab pod-exec`: the hidden entry point the kubelet starts for `kubectl exec`.
///
/// Runs one command "in the container" with the commands its image provides (``PodTools``), the container's
/// environment (set by the kubelet) and the pod's directory as the container's root. A command the image lacks
/// exits 127; its OCI runtime message goes to `--start-error-file` when given (the kubelet turns it into the
/// exec stream's failure Status), else to stderr.
struct PodExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pod-exec",
        abstract: "Run a command inside a pod's container (started by the embedded kubelet for kubectl exec).",
        shouldDisplay: false
    )

    /// `<namespace>/<name>` of the pod.
    @Option(help: "The pod, as <namespace>/<name>.")
    var pod: String

    /// The container's name.
    @Option(help: "The container's name.")
    var container: String

    /// The container's image (decides which commands exist).
    @Option(help: "The container's image, e.g. mongo:4.4.6.")
    var image: String

    /// Where to write the OCI message when the command does not exist.
    @Option(help: "A file that receives the runtime's message when the command cannot be started.")
    var startErrorFile: String?

    /// The command and its arguments, after `--`.
    @Argument(parsing: .postTerminator, help: "The command and its arguments.")
    var arguments: [String] = []

    func run() async throws {
        PodCommand.exitWhenParentDies()
        let output = FileHandle.standardOutput
        let error = FileHandle.standardError
        let context = ToolContext(
            image: image, environment: ProcessInfo.processInfo.environment,
            rootDirectory: FileManager.default.currentDirectoryPath,
            readStandardInput: {
                await Task.detached { FileHandle.standardInput.readDataToEndOfFile() }.value
            },
            writeOutput: { output.write($0) },
            writeError: { error.write($0) }
        )
        switch await PodTools.run(arguments, context: context) {
        case .exited(let code):
            throw ExitCode(code)
        case .notFound(let message):
            if let startErrorFile {
                try? Data(message.utf8).write(to: URL(fileURLWithPath: startErrorFile))
            } else {
                error.write(Data((message + "\n").utf8))
            }
            throw ExitCode(127)
        }
    }
}
