import ArgumentParser
import Foundation
import OpsLabKube

/// `opslab kubectl ARGS…`: the built-in kubectl, pointed at a cluster through a kubeconfig.
struct KubectlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubectl",
        abstract: "A kubectl for the embedded cluster (or any cluster a kubeconfig names).",
        discussion: """
            The kubeconfig is --kubeconfig, else the first existing file of $KUBECONFIG, else
            <state dir>/kubeconfig ($OPSLAB_HOME or ./.opslab). Supported: \(Kubectl.supportedCommands.joined(separator: ", ")).
            `exec` runs the commands a pod's image provides (a small shell, env, cat, ls, …; `mongo` in mongo
            images); other kubectl commands (edit, port-forward, cp, attach, top, …) are not implemented and say so.
            """
    )

    @Argument(parsing: .captureForPassthrough, help: "kubectl arguments, e.g. `get pods -A`.")
    var arguments: [String] = []

    func run() async throws {
        var rest: [String] = []
        var explicit: String?
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if argument == "--kubeconfig" {
                explicit = iterator.next()
            } else if argument.hasPrefix("--kubeconfig=") {
                explicit = String(argument.dropFirst("--kubeconfig=".count))
            } else {
                rest.append(argument)
            }
        }
        let environment = ProcessInfo.processInfo.environment
        let path = Kubeconfig.resolvePath(
            explicit: explicit, environment: environment, defaultStateDir: environment["OPSLAB_HOME"] ?? ".opslab")
        let kubeconfig: Kubeconfig
        do {
            kubeconfig = try Kubeconfig.load(path: path)
        } catch {
            printError("error: \(error)\nhint: start a cluster with `opslab cluster up --detach`, or pass --kubeconfig")
            throw ExitCode(1)
        }
        let client = KubeClient(transport: try HTTPSTransport(kubeconfig: kubeconfig))
        let kubectl = Kubectl(client: client, defaultNamespace: kubeconfig.namespace)
        let execStdin =
            rest.first == "exec"
            && rest.prefix { $0 != "--" }.contains { ["-i", "--stdin", "-it", "-ti"].contains($0) }
        let readsStdin = rest.contains("-") || rest.contains("--filename=-") || rest.contains("-f-") || execStdin
        let stdin = readsStdin ? FileHandle.standardInput.readDataToEndOfFile() : nil
        let result = await kubectl.run(rest, stdin: stdin)
        FileHandle.standardOutput.write(Data(result.stdout.utf8))
        FileHandle.standardError.write(Data(result.stderr.utf8))
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
