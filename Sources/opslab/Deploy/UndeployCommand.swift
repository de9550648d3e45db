import ArgumentParser
import Foundation
import OpsLabApps

/// `opslab undeploy APP`: delete an application's namespace and wait until it is gone.
struct UndeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undeploy",
        abstract: "Remove an application (its namespace and everything in it) and wait until it is gone."
    )

    @Argument(help: "The application, e.g. hotel-reservation.")
    var app: String

    @OptionGroup var state: StateDirectoryOptions

    @Option(help: "How long to wait for the namespace to disappear, e.g. 120s.")
    var timeout: String = "120s"

    func run() async throws {
        let definition = try DeployTools.app(named: app)
        let limit = try DeployTools.duration(timeout)
        let started = ContinuousClock.now
        let deployer = AppDeployer(client: try DeployTools.client(state))
        guard try await deployer.delete(definition) else {
            DeployTools.say("\(definition.name) is not deployed (namespace \(definition.namespace) not found).")
            return
        }
        DeployTools.say("namespace \"\(definition.namespace)\" deleted")
        let progress = ProgressLine()
        do {
            try await deployer.waitUntilGone(definition, timeout: limit) { podsLeft in
                progress.show("[\(podsLeft) pods left] waiting for namespace \(definition.namespace) to go…")
            }
        } catch {
            progress.finish()
            printError("error: \(error)")
            throw ExitCode(1)
        }
        progress.finish()
        DeployTools.say("\(definition.name) removed in \(ClusterProbe.format(ContinuousClock.now - started)).")
    }
}
