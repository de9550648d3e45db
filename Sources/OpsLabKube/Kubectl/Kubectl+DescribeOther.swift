import Foundation
import OpsLabCore

extension Kubectl {
    func describeService(_ service: JSONValue, events: [JSONValue]?, _ w: DescribeWriter) async {
        let spec = service["spec"] ?? .emptyObject
        w.write(0, "Name:\t\(service.name)\n")
        w.write(0, "Namespace:\t\(service.namespace ?? "")\n")
        w.labels("Labels", service.labels)
        w.annotations("Annotations", service.annotations)
        w.write(0, "Selector:\t\(KubectlFormat.labelList(JSONValue.stringMap(spec["selector"])))\n")
        w.write(0, "Type:\t\(spec["type"]?.stringValue ?? "ClusterIP")\n")
        if let policy = spec["ipFamilyPolicy"]?.stringValue { w.write(0, "IP Family Policy:\t\(policy)\n") }
        let families = (spec["ipFamilies"]?.arrayValue ?? []).compactMap(\.stringValue)
        w.write(0, "IP Families:\t\(families.isEmpty ? "<none>" : families.joined(separator: ","))\n")
        w.write(0, "IP:\t\(spec["clusterIP"]?.stringValue ?? "")\n")
        let ips = (spec["clusterIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
        w.write(0, "IPs:\t\(ips.isEmpty ? "<none>" : ips.joined(separator: ","))\n")
        if let external = spec["externalName"]?.stringValue, !external.isEmpty {
            w.write(0, "External Name:\t\(external)\n")
        }
        let endpoints = try? await client.get(.endpoints, namespace: service.namespace, name: service.name)
        for port in spec["ports"]?.arrayValue ?? [] {
            let name = port["name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "<unset>"
            let proto = port["protocol"]?.stringValue ?? "TCP"
            w.write(0, "Port:\t\(name)\t\(KubectlFormat.scalar(port["port"]))/\(proto)\n")
            let target = port["targetPort"] ?? port["port"]
            w.write(0, "TargetPort:\t\(KubectlFormat.scalar(target))/\(proto)\n")
            if let nodePort = port["nodePort"]?.intValue, nodePort != 0 {
                w.write(0, "NodePort:\t\(name)\t\(nodePort)/\(proto)\n")
            }
            let endpointText = endpoints.map { Self.formatEndpoints($0, portName: port["name"]?.stringValue ?? "") }
            w.write(0, "Endpoints:\t\(endpointText ?? "<none>")\n")
        }
        w.write(0, "Session Affinity:\t\(spec["sessionAffinity"]?.stringValue ?? "None")\n")
        if let policy = spec["externalTrafficPolicy"]?.stringValue, !policy.isEmpty {
            w.write(0, "External Traffic Policy:\t\(policy)\n")
        }
        if let policy = spec["internalTrafficPolicy"]?.stringValue {
            w.write(0, "Internal Traffic Policy:\t\(policy)\n")
        }
        w.events(events)
    }

    /// `ip:port` for the ready addresses behind one service port: the first three, then ` + N more...`.
    static func formatEndpoints(_ endpoints: JSONValue, portName: String?) -> String {
        var list: [String] = []
        var count = 0
        for subset in endpoints["subsets"]?.arrayValue ?? [] {
            let addresses = (subset["addresses"]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue }
            let ports = subset["ports"]?.arrayValue ?? []
            if ports.isEmpty {
                for address in addresses {
                    if list.count < 3 { list.append(address) }
                    count += 1
                }
                continue
            }
            for port in ports where portName == nil || (port["name"]?.stringValue ?? "") == portName {
                for address in addresses {
                    if list.count < 3 { list.append("\(address):\(KubectlFormat.scalar(port["port"]))") }
                    count += 1
                }
            }
        }
        if list.isEmpty { return "<none>" }
        let text = list.joined(separator: ",")
        return count > 3 ? "\(text) + \(count - 3) more..." : text
    }

    func describeEndpoints(_ endpoints: JSONValue, events: [JSONValue]?, _ w: DescribeWriter) {
        w.write(0, "Name:\t\(endpoints.name)\n")
        w.write(0, "Namespace:\t\(endpoints.namespace ?? "")\n")
        w.labels("Labels", endpoints.labels)
        w.annotations("Annotations", endpoints.annotations)
        w.write(0, "Subsets:\n")
        for subset in endpoints["subsets"]?.arrayValue ?? [] {
            for (title, key) in [("Addresses", "addresses"), ("NotReadyAddresses", "notReadyAddresses")] {
                let ips = (subset[key]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue }
                w.write(1, "\(title):\t\(ips.isEmpty ? "<none>" : ips.joined(separator: ","))\n")
            }
            let ports = subset["ports"]?.arrayValue ?? []
            if !ports.isEmpty {
                w.write(1, "Ports:\n")
                w.write(2, "Name\tPort\tProtocol\n")
                w.write(2, "----\t----\t--------\n")
                for port in ports {
                    let name = port["name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "<unset>"
                    w.write(
                        2,
                        "\(name)\t\(KubectlFormat.scalar(port["port"]))\t"
                            + "\(port["protocol"]?.stringValue ?? "TCP")\n")
                }
            }
            w.write(0, "\n")
        }
        w.events(events)
    }

    func describeNamespace(_ namespace: JSONValue, _ w: DescribeWriter) {
        w.write(0, "Name:\t\(namespace.name)\n")
        w.labels("Labels", namespace.labels)
        w.annotations("Annotations", namespace.annotations)
        w.write(0, "Status:\t\(namespace[path: ["status", "phase"]]?.stringValue ?? "Active")\n")
        w.write(0, "\nNo resource quota.\n")
        w.write(0, "\nNo LimitRange resource.\n")
    }

    func describeNode(_ node: JSONValue, events: [JSONValue]?, _ w: DescribeWriter) async {
        let spec = node["spec"] ?? .emptyObject
        let status = node["status"] ?? .emptyObject
        w.write(0, "Name:\t\(node.name)\n")
        let roles = node.labels.keys.filter { $0.hasPrefix("node-role.kubernetes.io/") }
            .map { String($0.dropFirst("node-role.kubernetes.io/".count)) }.sorted()
        w.write(0, "Roles:\t\(roles.isEmpty ? "<none>" : roles.joined(separator: ","))\n")
        w.labels("Labels", node.labels)
        w.annotations("Annotations", node.annotations)
        w.write(
            0,
            "CreationTimestamp:\t"
                + "\(KubectlFormat.rfc1123z(node[path: ["metadata", "creationTimestamp"]]?.stringValue))\n")
        let taints = spec["taints"]?.arrayValue ?? []
        w.write(0, "Taints:\t")
        if taints.isEmpty { w.write(0, "<none>\n") }
        for (index, taint) in taints.enumerated() {
            if index > 0 { w.write(0, "\t") }
            var text = taint["key"]?.stringValue ?? ""
            if let value = taint["value"]?.stringValue, !value.isEmpty { text += "=\(value)" }
            w.write(0, "\(text):\(taint["effect"]?.stringValue ?? "")\n")
        }
        w.write(0, "Unschedulable:\t\(spec["unschedulable"]?.boolValue ?? false)\n")
        let conditions = status["conditions"]?.arrayValue ?? []
        if !conditions.isEmpty {
            w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
            w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
            for condition in conditions {
                w.write(
                    1,
                    [condition["type"], condition["status"]].map(KubectlFormat.scalar).joined(separator: " \t")
                        + " \t\(KubectlFormat.rfc1123z(condition["lastHeartbeatTime"]?.stringValue)) \t"
                        + "\(KubectlFormat.rfc1123z(condition["lastTransitionTime"]?.stringValue)) \t"
                        + "\(KubectlFormat.scalar(condition["reason"])) \t"
                        + "\(KubectlFormat.scalar(condition["message"]))\n"
                )
            }
        }
        w.write(0, "Addresses:\n")
        for address in status["addresses"]?.arrayValue ?? [] {
            w.write(1, "\(KubectlFormat.scalar(address["type"])):\t\(KubectlFormat.scalar(address["address"]))\n")
        }
        for (title, key) in [("Capacity", "capacity"), ("Allocatable", "allocatable")] {
            guard let values = status[key]?.objectValue else { continue }
            w.write(0, "\(title):\n")
            for resource in values.keys.sorted() {
                w.write(1, "\(resource):\t\(KubectlFormat.scalar(values[resource]))\n")
            }
        }
        if let info = status["nodeInfo"]?.objectValue {
            w.write(0, "System Info:\n")
            let fields = [
                ("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"),
                ("Operating System", "operatingSystem"), ("Architecture", "architecture"),
                ("Container Runtime Version", "containerRuntimeVersion"),
                ("Kubelet Version", "kubeletVersion"), ("Kube-Proxy Version", "kubeProxyVersion"),
            ]
            for (title, key) in fields { w.write(1, "\(title):\t\(KubectlFormat.scalar(info[key]))\n") }
        }
        if let cidr = spec["podCIDR"]?.stringValue { w.write(0, "PodCIDR:\t\(cidr)\n") }
        let cidrs = (spec["podCIDRs"]?.arrayValue ?? []).compactMap(\.stringValue)
        if !cidrs.isEmpty { w.write(0, "PodCIDRs:\t\(cidrs.joined(separator: ","))\n") }
        if let provider = spec["providerID"]?.stringValue { w.write(0, "ProviderID:\t\(provider)\n") }
        if let list = try? await listAll(.pods, namespace: nil, fieldSelector: "spec.nodeName=\(node.name)") {
            let pods = (list["items"]?.arrayValue ?? []).filter {
                let phase = $0[path: ["status", "phase"]]?.stringValue
                return phase != "Succeeded" && phase != "Failed"
            }
            w.write(0, "Non-terminated Pods:\t(\(pods.count) in total)\n")
            w.write(1, "Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
            w.write(1, "---------\t----\t------------\t----------\t---------------\t-------------\t---\n")
            for pod in pods {
                func total(_ kind: String, _ resource: String) -> String {
                    let values = (pod[path: ["spec", "containers"]]?.arrayValue ?? [])
                        .compactMap { $0[path: ["resources", kind, resource]] }.map(KubectlFormat.quantity)
                    return values.isEmpty ? "0 (0%)" : values.joined(separator: "+") + " (0%)"
                }
                w.write(
                    1,
                    "\(pod.namespace ?? "")\t\(pod.name)\t\(total("requests", "cpu"))\t\(total("limits", "cpu"))\t"
                        + "\(total("requests", "memory"))\t\(total("limits", "memory"))\t"
                        + KubectlFormat.age(pod[path: ["metadata", "creationTimestamp"]]?.stringValue, now: w.now)
                        + "\n"
                )
            }
        }
        w.events(events)
    }
}
