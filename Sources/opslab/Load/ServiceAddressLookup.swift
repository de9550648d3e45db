import Foundation
import OpsLabCore
import OpsLabKube

/// Finds a Service's `http://ClusterIP:port` through the cluster's kubeconfig.
enum ServiceAddressLookup {
    /// A failure a user can act on.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The URL of `service`'s `port` in `namespace`, using `<stateDirectory>/kubeconfig`.
    static func url(stateDirectory: String, namespace: String, service: String, port: Int) async throws -> String {
        let kubeconfigPath = stateDirectory + "/kubeconfig"
        let kubeconfig: Kubeconfig
        do {
            kubeconfig = try Kubeconfig.load(path: kubeconfigPath)
        } catch {
            throw Failure(
                description: "no cluster kubeconfig at \(kubeconfigPath) (\(error)); start one with "
                    + "`opslab cluster up --detach`, pass --state-dir, or give --url")
        }
        let client = KubeClient(transport: try HTTPSTransport(kubeconfig: kubeconfig, requestTimeout: .seconds(10)))
        let object: JSONValue
        do {
            object = try await client.get(.services, namespace: namespace, name: service)
        } catch let status as APIStatus where status.code == 404 {
            throw Failure(
                description: "service \(service) not found in namespace \(namespace); deploy the app first "
                    + "(e.g. `opslab deploy hotel-reservation`)")
        } catch {
            throw Failure(description: "cannot read service \(namespace)/\(service) from the cluster: \(error)")
        }
        guard let clusterIP = object[path: ["spec", "clusterIP"]]?.stringValue, !clusterIP.isEmpty,
            clusterIP != "None"
        else {
            throw Failure(description: "service \(namespace)/\(service) has no ClusterIP")
        }
        let ports = object[path: ["spec", "ports"]]?.arrayValue ?? []
        let numbers = ports.compactMap { $0["port"]?.intValue }.map { Int($0) }
        let servicePort = numbers.contains(port) ? port : (numbers.first ?? port)
        let host = clusterIP.contains(":") ? "[\(clusterIP)]" : clusterIP
        return "http://\(host):\(servicePort)"
    }
}
