import Foundation
import OpsLabKube

/// Asks a cluster's API server whether it answers, through its kubeconfig.
enum ClusterProbe {
    /// Whether `/version` answers 200 with the kubeconfig's CA and token.
    static func isReady(kubeconfigPath: String) async -> Bool {
        guard FileManager.default.fileExists(atPath: kubeconfigPath),
            let kubeconfig = try? Kubeconfig.load(path: kubeconfigPath),
            let transport = try? HTTPSTransport(kubeconfig: kubeconfig)
        else { return false }
        let response = try? await transport.send(KubeRequest(method: "GET", path: "/version"))
        return response?.status == 200
    }

    /// A duration as seconds with two decimals, e.g. `1.23s`.
    static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.2fs", seconds)
    }
}
