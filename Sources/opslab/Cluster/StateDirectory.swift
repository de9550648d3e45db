import ArgumentParser
import Foundation

/// The `--state-dir` option shared by the cluster commands.
struct StateDirectoryOptions: ParsableArguments {
    @Option(
        name: .customLong("state-dir"),
        help: "The cluster's state directory (kubeconfig, logs, records). Default: $OPSLAB_HOME, else ./.opslab.")
    var stateDirectory: String?

    /// The absolute state directory.
    var resolved: String {
        let environment = ProcessInfo.processInfo.environment
        let path = stateDirectory ?? environment["OPSLAB_HOME"] ?? ".opslab"
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (absolute as NSString).standardizingPath
    }
}
