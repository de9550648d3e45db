import ArgumentParser
import Foundation
import OpsLabCluster
import OpsLabCore
import OpsLabKube

/// `opslab cluster status`: whether the cluster runs, where, and a summary of nodes and pods.
struct ClusterStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Report whether the embedded cluster runs, and its nodes and pods.")

    @OptionGroup var state: StateDirectoryOptions

    func run() async throws {
        let stateDirectory = state.resolved
        let pidPath = stateDirectory + "/cluster.pid"
        guard let pid = ProcessControl.readPid(pidPath), ProcessControl.isAlive(pid), ProcessControl.isCluster(pid)
        else {
            print("Cluster:    not running (state dir \(stateDirectory))")
            throw ExitCode(3)
        }
        let kubeconfigPath = stateDirectory + "/kubeconfig"
        print("Cluster:    running (pid \(pid))")
        print("Kubeconfig: \(kubeconfigPath)")
        let kubeconfig = try Kubeconfig.load(path: kubeconfigPath)
        print("API server: \(kubeconfig.server)")
        let client = KubeClient(transport: try HTTPSTransport(kubeconfig: kubeconfig))
        do {
            let version = try await client.request("GET", "/version")
            print("Version:    \(version["gitVersion"]?.stringValue ?? "?")")
            let nodes = try await client.list(.nodes, namespace: nil)["items"]?.arrayValue ?? []
            let nodeText = nodes.map { node in
                let ready =
                    (node[path: ["status", "conditions"]]?.arrayValue ?? []).first {
                        $0["type"]?.stringValue == "Ready"
                    }?["status"]?.stringValue == "True"
                return "\(node.name) \(ready ? "Ready" : "NotReady")"
            }
            print("Nodes:      \(nodes.count) (\(nodeText.joined(separator: ", ")))")
            let pods = try await client.list(.pods, namespace: nil)["items"]?.arrayValue ?? []
            let running = pods.filter { $0[path: ["status", "phase"]]?.stringValue == "Running" }.count
            print("Pods:       \(pods.count) (\(running) running)")
            try await printTelemetry(client)
        } catch {
            print("API server: not answering (\(error))")
            throw ExitCode(1)
        }
    }

    /// Prints the URLs of the observability stack's Services (namespace `observe`), read from the API.
    private func printTelemetry(_ client: KubeClient) async throws {
        let services = try await client.list(.services, namespace: "observe")["items"]?.arrayValue ?? []
        func url(_ name: String, _ portName: String) -> String? {
            guard let service = services.first(where: { $0.name == name }),
                let ip = service[path: ["spec", "clusterIP"]]?.stringValue, !ip.isEmpty, ip != "None",
                let port = (service[path: ["spec", "ports"]]?.arrayValue ?? []).first(where: {
                    $0["name"]?.stringValue == portName
                })?["port"]?.intValue
            else { return nil }
            return "http://\(ip):\(port)"
        }
        guard let prometheus = url("prometheus", "http") else {
            print("Telemetry:  off (no prometheus Service in namespace observe)")
            return
        }
        print("Prometheus: \(prometheus)  (e.g. \(prometheus)/api/v1/query?query=up)")
        if let jaeger = url("jaeger", "query") { print("Jaeger:     \(jaeger)  (e.g. \(jaeger)/api/services)") }
        if let otlp = url("jaeger", "otlp-http") { print("OTLP/HTTP:  \(otlp)/v1/traces") }
        if let state = url("kube-state-metrics", "http-metrics") { print("KSM:        \(state)/metrics") }
    }
}
