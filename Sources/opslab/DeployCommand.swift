import ArgumentParser
import Foundation
import OpsLabApps
import OpsLabKube

/// `opslab deploy APP`: install an application into the running cluster and wait until every pod is Ready.
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Install an application into the running cluster and wait until all its pods are Ready.",
        discussion: """
            Applies the app's manifests (as `kubectl apply -f <manifests> -n <namespace>` would), then polls \
            until every pod is Running and Ready, with a progress line on stderr. Known apps: \
            \(AppCatalog.names.joined(separator: ", ")). Remove it with `opslab undeploy APP`.
            """
    )

    @Argument(help: "The application, e.g. hotel-reservation.")
    var app: String

    @OptionGroup var state: StateDirectoryOptions

    @Option(help: "How long to wait for all pods to be Ready, e.g. 300s or 5m.")
    var timeout: String = "300s"

    func run() async throws {
        let definition = try DeployTools.app(named: app)
        let limit = try DeployTools.duration(timeout)
        let started = ContinuousClock.now
        let deployer = AppDeployer(client: try DeployTools.client(state))
        let applied = try await deployer.apply(definition)
        FileHandle.standardOutput.write(Data(applied.utf8))
        let progress = ProgressLine()
        let readiness: AppReadiness
        do {
            readiness = try await deployer.waitUntilReady(definition, timeout: limit) { snapshot in
                progress.show(snapshot.progressLine)
            }
        } catch {
            progress.finish()
            printError("error: \(error)")
            throw ExitCode(1)
        }
        progress.finish()
        let elapsed = ClusterProbe.format(ContinuousClock.now - started)
        DeployTools.say(
            "\(definition.name) deployed in namespace \(definition.namespace): "
                + "\(readiness.ready)/\(readiness.expected) pods ready in \(elapsed).")
    }
}

/// Shared bits of `deploy` and `undeploy`.
enum DeployTools {
    /// The app of a name, or a validation error listing the known apps.
    static func app(named name: String) throws -> AppDefinition {
        guard let app = AppCatalog.app(named: name) else {
            throw ValidationError(
                "unknown app \"\(name)\"; known apps: \(AppCatalog.names.joined(separator: ", "))")
        }
        return app
    }

    /// A client for the cluster of a state directory.
    static func client(_ state: StateDirectoryOptions) throws -> KubeClient {
        let path = state.resolved + "/kubeconfig"
        do {
            let kubeconfig = try Kubeconfig.load(path: path)
            return KubeClient(transport: try HTTPSTransport(kubeconfig: kubeconfig))
        } catch {
            throw ValidationError(
                "cannot use the cluster at \(state.resolved): \(error)\n"
                    + "hint: start one with `opslab cluster up --detach`, or pass --state-dir")
        }
    }

    /// Writes a line to stdout at once (so it interleaves correctly with the progress line on stderr).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Parses `300s`, `5m`, `1h` or a bare number of seconds.
    static func duration(_ text: String) throws -> Duration {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)), value > 0 { return .seconds(value * scale) }
        }
        if let value = Double(text), value > 0 { return .seconds(value) }
        throw ValidationError("invalid duration \"\(text)\"; use e.g. 300s or 5m")
    }
}
