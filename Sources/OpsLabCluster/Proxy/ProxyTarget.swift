import OpsLabCore
import OpsLabKube

/// One Service port the proxy serves: which Service, which of its ports.
public struct ProxyTarget: Sendable, Hashable, CustomStringConvertible {
    /// The Service's namespace.
    public var namespace: String
    /// The Service's name.
    public var service: String
    /// The Service port's name; empty when unnamed.
    public var portName: String
    /// The Service port number.
    public var port: Int

    /// Creates a target.
    public init(namespace: String, service: String, portName: String = "", port: Int) {
        self.namespace = namespace
        self.service = service
        self.portName = portName
        self.port = port
    }

    /// `<namespace>/<service>:<port>`.
    public var description: String { "\(namespace)/\(service):\(port)" }

    /// The listeners a set of Services needs: every TCP port of every Service with a ClusterIP (not `None`).
    ///
    /// When two Services claim the same address and port, the first in namespace/name order wins.
    public static func listeners(for services: [JSONValue]) -> [ProxyBinding: ProxyTarget] {
        var result: [ProxyBinding: ProxyTarget] = [:]
        let ordered = services.sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
        for service in ordered {
            guard let ip = service[path: ["spec", "clusterIP"]]?.stringValue, !ip.isEmpty, ip != "None" else {
                continue
            }
            for port in service[path: ["spec", "ports"]]?.arrayValue ?? [] {
                guard (port["protocol"]?.stringValue ?? "TCP") == "TCP", let number = port["port"]?.intValue,
                    number > 0, number < 65_536
                else { continue }
                let binding = ProxyBinding(address: ip, port: Int(number))
                if result[binding] != nil { continue }
                result[binding] = ProxyTarget(
                    namespace: service.namespace ?? "default", service: service.name,
                    portName: port["name"]?.stringValue ?? "", port: Int(number)
                )
            }
        }
        return result
    }
}

/// An address and port the proxy listens on.
public struct ProxyBinding: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The IPv4 address (a ClusterIP).
    public var address: String
    /// The TCP port.
    public var port: Int

    /// Creates a binding.
    public init(address: String, port: Int) {
        self.address = address
        self.port = port
    }

    /// `<address>:<port>`.
    public var description: String { "\(address):\(port)" }

    /// Orders by address, then port.
    public static func < (left: Self, right: Self) -> Bool {
        (left.address, left.port) < (right.address, right.port)
    }
}
