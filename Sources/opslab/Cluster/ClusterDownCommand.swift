import ArgumentParser
import Foundation
import OpsLabCluster

/// `opslab cluster down`: stop the cluster of a state directory and every pod process.
struct ClusterDownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", abstract: "Stop an embedded cluster and all of its pods.")

    @OptionGroup var state: StateDirectoryOptions

    @Option(help: "Seconds to wait for a clean stop before killing the cluster process.")
    var timeout = 45.0

    func run() async throws {
        let stateDirectory = state.resolved
        let pidPath = stateDirectory + "/cluster.pid"
        let block = ClusterBlock.choose(stateDirectory: stateDirectory, apiPort: 6443)
        let configuration = ClusterConfiguration(
            stateDirectory: stateDirectory, block: block, executablePath: try ProcessControl.executablePath())
        guard let pid = ProcessControl.readPid(pidPath), ProcessControl.isAlive(pid), ProcessControl.isCluster(pid)
        else {
            let reaped = Kubelet.reapOrphans(configuration: configuration)
            try? FileManager.default.removeItem(atPath: pidPath)
            print(
                "No cluster is running from \(stateDirectory)."
                    + (reaped > 0 ? " Reaped \(reaped) pod process(es)." : ""))
            return
        }
        let started = ContinuousClock.now
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ProcessControl.isAlive(pid), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        if ProcessControl.isAlive(pid) {
            printError("the cluster did not stop within \(Int(timeout))s; killing it")
            kill(pid, SIGKILL)
        }
        let reaped = Kubelet.reapOrphans(configuration: configuration)
        try? FileManager.default.removeItem(atPath: pidPath)
        print(
            "Cluster stopped (pid \(pid)) in \(ClusterProbe.format(ContinuousClock.now - started))."
                + (reaped > 0 ? " Reaped \(reaped) leftover pod process(es)." : ""))
    }
}
