import OpsLabCore
import OpsLabKube

/// One ready endpoint a Service port forwards to.
public struct ProxyBackend: Sendable, Hashable, CustomStringConvertible {
    /// The pod IP.
    public var ip: String
    /// The target port on the pod.
    public var port: Int
    /// The pod's name (`targetRef.name`), when the address names one.
    public var pod: String?

    /// Creates a backend.
    public init(ip: String, port: Int, pod: String? = nil) {
        self.ip = ip
        self.port = port
        self.pod = pod
    }

    /// `<ip>:<port>`.
    public var description: String { "\(ip):\(port)" }

    /// The ready backends of an Endpoints object for one Service port, in subset then address order.
    ///
    /// In each subset the port is the one named like the Service port, or the subset's only port when none
    /// matches; subsets without such a port, and `notReadyAddresses`, contribute nothing.
    public static func resolve(endpoints: JSONValue, portName: String) -> [ProxyBackend] {
        var result: [ProxyBackend] = []
        for subset in endpoints["subsets"]?.arrayValue ?? [] {
            let ports = (subset["ports"]?.arrayValue ?? []).filter { ($0["protocol"]?.stringValue ?? "TCP") == "TCP" }
            let named = ports.first { ($0["name"]?.stringValue ?? "") == portName }
            guard let port = (named ?? (ports.count == 1 ? ports[0] : nil))?["port"]?.intValue else { continue }
            for address in subset["addresses"]?.arrayValue ?? [] {
                guard let ip = address["ip"]?.stringValue, !ip.isEmpty else { continue }
                result.append(
                    ProxyBackend(ip: ip, port: Int(port), pod: address[path: ["targetRef", "name"]]?.stringValue)
                )
            }
        }
        return result
    }
}
