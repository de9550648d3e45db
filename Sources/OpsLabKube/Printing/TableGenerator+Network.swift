import Foundation
import OpsLabCore

extension TableGenerator {
    static let serviceColumns: [TableColumn] = [
        .name,
        TableColumn(
            "Type",
            "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are "
                + "ExternalName, ClusterIP, NodePort, and LoadBalancer."),
        TableColumn("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
        TableColumn(
            "External-IP",
            "externalIPs is a list of IP addresses for which nodes in the cluster will also "
                + "accept traffic for this service."),
        TableColumn(
            "Port(s)",
            "The list of ports that are exposed by this service. More info: "
                + "https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
        .age,
        TableColumn(
            "Selector", priority: 1,
            "Route service traffic to pods with label keys and values matching "
                + "this selector. If empty or not present, the service is assumed to have an external process managing "
                + "its endpoints, which Kubernetes will not modify."),
    ]

    static let endpointsColumns: [TableColumn] = [
        .name,
        TableColumn(
            "Endpoints",
            "The set of all endpoints is the union of all subsets. Addresses are placed into "
                + "subsets according to the IPs they share."),
        .age,
    ]

    /// NAME, TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE, SELECTOR.
    static func serviceCells(_ object: JSONValue, now: Date) -> [JSONValue] {
        let type = object[path: ["spec", "type"]]?.stringValue ?? "ClusterIP"
        var clusterIP = list(object, "spec", "clusterIPs").first?.stringValue ?? text(object, "spec", "clusterIP")
        if clusterIP.isEmpty { clusterIP = "<none>" }
        let ports = list(object, "spec", "ports").map { port -> String in
            let number = port["port"]?.intValue ?? 0
            let proto = port["protocol"]?.stringValue ?? "TCP"
            if let nodePort = port["nodePort"]?.intValue, nodePort > 0 { return "\(number):\(nodePort)/\(proto)" }
            return "\(number)/\(proto)"
        }.joined(separator: ",")
        let selector = JSONValue.stringMap(object[path: ["spec", "selector"]])
        return [
            .string(object.name), .string(type), .string(clusterIP), .string(externalIP(object, type: type)),
            .string(ports.isEmpty ? "<none>" : ports), .string(age(object, now: now)), .string(formatLabels(selector)),
        ]
    }

    /// EXTERNAL-IP of a service, as `getServiceExternalIP` computes it (wide, no truncation).
    static func externalIP(_ service: JSONValue, type: String) -> String {
        let externalIPs = list(service, "spec", "externalIPs").compactMap(\.stringValue)
        switch type {
        case "ClusterIP", "NodePort":
            return externalIPs.isEmpty ? "<none>" : externalIPs.joined(separator: ",")
        case "LoadBalancer":
            let ingress = list(service, "status", "loadBalancer", "ingress").compactMap { entry -> String? in
                if let ip = entry["ip"]?.stringValue, !ip.isEmpty { return ip }
                if let host = entry["hostname"]?.stringValue, !host.isEmpty { return host }
                return nil
            }
            let all = ingress + externalIPs
            return all.isEmpty ? "<pending>" : all.joined(separator: ",")
        case "ExternalName":
            return text(service, "spec", "externalName")
        default:
            return "<unknown>"
        }
    }

    /// NAME, ENDPOINTS, AGE.
    static func endpointsCells(_ object: JSONValue, now: Date) -> [JSONValue] {
        [.string(object.name), .string(formatEndpoints(object)), .string(age(object, now: now))]
    }

    /// `formatEndpoints`: `ip:port` per subset × port × address, the first 3 then ` + N more...`; `<none>` if empty.
    static func formatEndpoints(_ endpoints: JSONValue) -> String {
        let limit = 3
        var shown: [String] = []
        var count = 0
        for subset in list(endpoints, "subsets") {
            let addresses = list(subset, "addresses").map { $0["ip"]?.stringValue ?? "" }
            let ports = list(subset, "ports")
            if ports.isEmpty {
                count += addresses.count
                for address in addresses where shown.count < limit { shown.append(address) }
                continue
            }
            for port in ports {
                count += addresses.count
                let number = port["port"]?.intValue ?? 0
                for address in addresses where shown.count < limit {
                    shown.append(address.contains(":") ? "[\(address)]:\(number)" : "\(address):\(number)")
                }
            }
        }
        let text = shown.joined(separator: ",")
        if count > shown.count, shown.count == limit { return "\(text) + \(count - limit) more..." }
        return text.isEmpty ? "<none>" : text
    }
}
