import Foundation
import OpsLabCore

extension Kubectl {
    func describePod(_ pod: JSONValue, events: [JSONValue]?, _ w: DescribeWriter) {
        let spec = pod["spec"] ?? .emptyObject
        let status = pod["status"] ?? .emptyObject
        w.write(0, "Name:\t\(pod.name)\n")
        w.write(0, "Namespace:\t\(pod.namespace ?? "")\n")
        if let priority = spec["priority"]?.intValue { w.write(0, "Priority:\t\(priority)\n") }
        if let priorityClass = spec["priorityClassName"]?.stringValue, !priorityClass.isEmpty {
            w.write(0, "Priority Class Name:\t\(priorityClass)\n")
        }
        w.write(0, "Service Account:\t\(spec["serviceAccountName"]?.stringValue ?? "")\n")
        if let node = spec["nodeName"]?.stringValue, !node.isEmpty {
            w.write(0, "Node:\t\(node)/\(status["hostIP"]?.stringValue ?? "")\n")
        } else {
            w.write(0, "Node:\t<none>\n")
        }
        if let start = status["startTime"]?.stringValue {
            w.write(0, "Start Time:\t\(KubectlFormat.rfc1123z(start))\n")
        }
        w.labels("Labels", pod.labels)
        w.annotations("Annotations", pod.annotations)
        let phase = status["phase"]?.stringValue ?? ""
        if let deletion = pod[path: ["metadata", "deletionTimestamp"]]?.stringValue, phase != "Succeeded",
            phase != "Failed"
        {
            let until = KubectlFormat.parseTime(deletion).map {
                KubectlFormat.humanDuration($0.timeIntervalSince(w.now))
            }
            w.write(0, "Status:\tTerminating (lasts \(until ?? "<unknown>"))\n")
            let grace = pod[path: ["metadata", "deletionGracePeriodSeconds"]]?.intValue ?? 0
            w.write(0, "Termination Grace Period:\t\(grace)s\n")
        } else {
            w.write(0, "Status:\t\(phase)\n")
        }
        if let reason = status["reason"]?.stringValue, !reason.isEmpty { w.write(0, "Reason:\t\(reason)\n") }
        if let message = status["message"]?.stringValue, !message.isEmpty { w.write(0, "Message:\t\(message)\n") }
        w.write(0, "IP:\t\(status["podIP"]?.stringValue ?? "")\n")
        let ips = (status["podIPs"]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue }
        if ips.isEmpty {
            w.write(0, "IPs:\t<none>\n")
        } else {
            w.write(0, "IPs:\n")
            for ip in ips { w.write(1, "IP:\t\(ip)\n") }
        }
        if let controller = Self.controller(pod) { w.write(0, "Controlled By:\t\(controller)\n") }
        let initContainers = spec["initContainers"]?.arrayValue ?? []
        if !initContainers.isEmpty {
            describeContainers(
                "Init Containers", initContainers, statuses: status["initContainerStatuses"]?.arrayValue,
                space: "", w)
        }
        describeContainers(
            "Containers", spec["containers"]?.arrayValue ?? [],
            statuses: status["containerStatuses"]?.arrayValue ?? [], space: "", w)
        let conditions = status["conditions"]?.arrayValue ?? []
        if !conditions.isEmpty {
            w.write(0, "Conditions:\n  Type\tStatus\n")
            for condition in conditions {
                w.write(1, "\(condition["type"]?.stringValue ?? "") \t\(condition["status"]?.stringValue ?? "") \n")
            }
        }
        describeVolumes(spec["volumes"]?.arrayValue ?? [], space: "", w)
        w.write(0, "QoS Class:\t\(status["qosClass"]?.stringValue ?? Self.qosClass(spec))\n")
        w.labels("Node-Selectors", JSONValue.stringMap(spec["nodeSelector"]))
        w.tolerations("Tolerations", spec["tolerations"]?.arrayValue ?? [])
        w.events(events)
    }

    /// The QoS class computed from requests and limits when the status does not carry one.
    static func qosClass(_ spec: JSONValue) -> String {
        let containers = (spec["containers"]?.arrayValue ?? []) + (spec["initContainers"]?.arrayValue ?? [])
        var anySet = false
        var guaranteed = true
        for container in containers {
            let requests = container[path: ["resources", "requests"]]?.objectValue ?? [:]
            let limits = container[path: ["resources", "limits"]]?.objectValue ?? [:]
            if !requests.isEmpty || !limits.isEmpty { anySet = true }
            for resource in ["cpu", "memory"] {
                guard let limit = limits[resource] else {
                    guaranteed = false
                    continue
                }
                if let request = requests[resource], request != limit { guaranteed = false }
            }
        }
        if !anySet { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }

    /// The Containers (or Init Containers) section; `statuses` is `nil` inside pod templates.
    func describeContainers(
        _ label: String, _ containers: [JSONValue], statuses: [JSONValue]?, space: String,
        _ w: DescribeWriter
    ) {
        if containers.isEmpty {
            w.write(0, "\(space)\(label): <none>\n")
            return
        }
        w.write(0, "\(space)\(label):\n")
        let nameIndent = space.isEmpty ? "" : " "
        for container in containers {
            let name = container["name"]?.stringValue ?? ""
            let status = statuses?.first { $0["name"]?.stringValue == name }
            w.write(1, "\(nameIndent)\(name):\n")
            if let status { w.write(2, "Container ID:\t\(status["containerID"]?.stringValue ?? "")\n") }
            w.write(2, "Image:\t\(container["image"]?.stringValue ?? "")\n")
            if let status { w.write(2, "Image ID:\t\(status["imageID"]?.stringValue ?? "")\n") }
            let ports = container["ports"]?.arrayValue ?? []
            let portText = ports.map {
                "\(KubectlFormat.scalar($0["containerPort"]))/\($0["protocol"]?.stringValue ?? "TCP")"
            }.joined(separator: ", ")
            let hostText = ports.map {
                "\(KubectlFormat.scalar($0["hostPort"] ?? .int(0)))/\($0["protocol"]?.stringValue ?? "TCP")"
            }.joined(separator: ", ")
            w.write(2, ports.count > 1 ? "Ports:\t\(portText)\n" : "Port:\t\(portText.isEmpty ? "<none>" : portText)\n")
            w.write(
                2,
                ports.count > 1
                    ? "Host Ports:\t\(hostText)\n"
                    : "Host Port:\t\(hostText.isEmpty ? "<none>" : hostText)\n")
            for key in ["command", "args"] {
                let words = (container[key]?.arrayValue ?? []).map(KubectlFormat.scalar)
                if words.isEmpty { continue }
                w.write(2, key == "command" ? "Command:\n" : "Args:\n")
                for word in words {
                    for line in word.split(separator: "\n", omittingEmptySubsequences: false) {
                        w.write(3, "\(line)\n")
                    }
                }
            }
            if let status {
                describeState("State", status["state"], w)
                if let last = status["lastState"], last["terminated"] != nil { describeState("Last State", last, w) }
                w.write(2, "Ready:\t\(status["ready"]?.boolValue == true ? "True" : "False")\n")
                w.write(2, "Restart Count:\t\(status["restartCount"]?.intValue ?? 0)\n")
            }
            for (title, key) in [("Limits", "limits"), ("Requests", "requests")] {
                let values = container[path: ["resources", key]]?.objectValue ?? [:]
                if values.isEmpty { continue }
                w.write(2, "\(title):\n")
                for resource in values.keys.sorted() {
                    w.write(3, "\(resource):\t\(KubectlFormat.quantity(values[resource]))\n")
                }
            }
            for (title, key) in [
                ("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                ("Startup", "startupProbe"),
            ] {
                if let probe = container[key] { w.write(2, "\(title):\t\(Self.probeText(probe))\n") }
            }
            describeEnvironment(container, w)
            let mounts = (container["volumeMounts"]?.arrayValue ?? []).sorted {
                ($0["mountPath"]?.stringValue ?? "") < ($1["mountPath"]?.stringValue ?? "")
            }
            w.write(2, mounts.isEmpty ? "Mounts:\t<none>\n" : "Mounts:\n")
            for mount in mounts {
                var flags = [mount["readOnly"]?.boolValue == true ? "ro" : "rw"]
                if let sub = mount["subPath"]?.stringValue, !sub.isEmpty { flags.append("path=\"\(sub)\"") }
                w.write(
                    3,
                    "\(mount["mountPath"]?.stringValue ?? "") from \(mount["name"]?.stringValue ?? "") "
                        + "(\(flags.joined(separator: ",")))\n")
            }
        }
    }

    private func describeEnvironment(_ container: JSONValue, _ w: DescribeWriter) {
        let envFrom = container["envFrom"]?.arrayValue ?? []
        if !envFrom.isEmpty {
            w.write(2, "Environment Variables from:\n")
            for source in envFrom {
                let prefix = source["prefix"]?.stringValue.map { " with prefix '\($0)'" } ?? ""
                if let ref = source["configMapRef"] {
                    w.write(
                        3,
                        "\(ref["name"]?.stringValue ?? "")\tConfigMap\(prefix)\tOptional: "
                            + "\(ref["optional"]?.boolValue ?? false)\n")
                } else if let ref = source["secretRef"] {
                    w.write(
                        3,
                        "\(ref["name"]?.stringValue ?? "")\tSecret\(prefix)\tOptional: "
                            + "\(ref["optional"]?.boolValue ?? false)\n")
                }
            }
        }
        let env = container["env"]?.arrayValue ?? []
        w.write(2, env.isEmpty ? "Environment:\t<none>\n" : "Environment:\n")
        for variable in env {
            let name = variable["name"]?.stringValue ?? ""
            guard let from = variable["valueFrom"] else {
                let value = variable["value"]?.stringValue ?? ""
                for (index, line) in value.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    w.write(3, index == 0 ? "\(name):\t\(line)\n" : "\t\(line)\n")
                }
                continue
            }
            if let field = from["fieldRef"] {
                w.write(
                    3,
                    "\(name):\t (\(field["apiVersion"]?.stringValue ?? "v1"):"
                        + "\(field["fieldPath"]?.stringValue ?? ""))\n")
            } else if let resource = from["resourceFieldRef"] {
                w.write(3, "\(name):\t\(resource["resource"]?.stringValue ?? "")\n")
            } else if let secret = from["secretKeyRef"] {
                w.write(
                    3,
                    "\(name):\t<set to the key '\(secret["key"]?.stringValue ?? "")' in secret "
                        + "'\(secret["name"]?.stringValue ?? "")'>\tOptional: "
                        + "\(secret["optional"]?.boolValue ?? false)\n"
                )
            } else if let map = from["configMapKeyRef"] {
                w.write(
                    3,
                    "\(name):\t<set to the key '\(map["key"]?.stringValue ?? "")' of config map "
                        + "'\(map["name"]?.stringValue ?? "")'>\tOptional: \(map["optional"]?.boolValue ?? false)\n")
            }
        }
    }

    private func describeState(_ title: String, _ state: JSONValue?, _ w: DescribeWriter) {
        if let running = state?["running"] {
            w.write(2, "\(title):\tRunning\n")
            w.write(3, "Started:\t\(KubectlFormat.rfc1123z(running["startedAt"]?.stringValue))\n")
        } else if let waiting = state?["waiting"] {
            w.write(2, "\(title):\tWaiting\n")
            if let reason = waiting["reason"]?.stringValue, !reason.isEmpty { w.write(3, "Reason:\t\(reason)\n") }
        } else if let terminated = state?["terminated"] {
            w.write(2, "\(title):\tTerminated\n")
            if let reason = terminated["reason"]?.stringValue, !reason.isEmpty { w.write(3, "Reason:\t\(reason)\n") }
            if let message = terminated["message"]?.stringValue, !message.isEmpty {
                w.write(3, "Message:\t\(message)\n")
            }
            w.write(3, "Exit Code:\t\(terminated["exitCode"]?.intValue ?? 0)\n")
            if let signal = terminated["signal"]?.intValue, signal > 0 { w.write(3, "Signal:\t\(signal)\n") }
            // An unset time prints as Go's zero time, as kubectl does.
            func time(_ key: String) -> String {
                KubectlFormat.parseTime(terminated[key]?.stringValue).map { KubeTime.rfc1123z($0) }
                    ?? "Mon, 01 Jan 0001 00:00:00 +0000"
            }
            w.write(3, "Started:\t\(time("startedAt"))\n")
            w.write(3, "Finished:\t\(time("finishedAt"))\n")
        } else {
            w.write(2, "\(title):\tWaiting\n")
        }
    }

    /// `http-get http://:8080/health delay=0s timeout=1s period=10s #success=1 #failure=3`.
    static func probeText(_ probe: JSONValue) -> String {
        func number(_ key: String, _ fallback: Int64) -> Int64 { probe[key]?.intValue ?? fallback }
        let attributes =
            "delay=\(number("initialDelaySeconds", 0))s timeout=\(number("timeoutSeconds", 1))s "
            + "period=\(number("periodSeconds", 10))s #success=\(number("successThreshold", 1)) "
            + "#failure=\(number("failureThreshold", 3))"
        if let exec = probe["exec"] {
            let words = (exec["command"]?.arrayValue ?? []).map(KubectlFormat.scalar).joined(separator: " ")
            return "exec [\(words)] \(attributes)"
        }
        if let http = probe["httpGet"] {
            let scheme = (http["scheme"]?.stringValue ?? "HTTP").lowercased()
            let host = http["host"]?.stringValue ?? ""
            let port = KubectlFormat.scalar(http["port"])
            let path = http["path"]?.stringValue ?? ""
            return "http-get \(scheme)://\(host)\(port.isEmpty ? "" : ":\(port)")\(path) \(attributes)"
        }
        if let tcp = probe["tcpSocket"] {
            return "tcp-socket \(tcp["host"]?.stringValue ?? ""):\(KubectlFormat.scalar(tcp["port"])) \(attributes)"
        }
        if let grpc = probe["grpc"] {
            return
                "grpc <pod>:\(KubectlFormat.scalar(grpc["port"])) \(grpc["service"]?.stringValue ?? "") \(attributes)"
        }
        return "unknown \(attributes)"
    }

    /// The Volumes section.
    func describeVolumes(_ volumes: [JSONValue], space: String, _ w: DescribeWriter) {
        if volumes.isEmpty {
            w.write(0, "\(space)Volumes:\t<none>\n")
            return
        }
        w.write(0, "\(space)Volumes:\n")
        let nameIndent = space.isEmpty ? "" : " "
        for volume in volumes {
            w.write(1, "\(nameIndent)\(volume["name"]?.stringValue ?? ""):\n")
            if let source = volume["persistentVolumeClaim"] {
                w.write(
                    0,
                    "    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
                        + "namespace)\n    ClaimName:\t\(source["claimName"]?.stringValue ?? "")\n    ReadOnly:\t"
                        + "\(source["readOnly"]?.boolValue ?? false)\n")
            } else if let source = volume["configMap"] {
                w.write(
                    0,
                    "    Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t"
                        + "\(source["name"]?.stringValue ?? "")\n    Optional:\t"
                        + "\(source["optional"]?.boolValue ?? false)\n"
                )
            } else if let source = volume["secret"] {
                w.write(
                    0,
                    "    Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t"
                        + "\(source["secretName"]?.stringValue ?? "")\n    Optional:\t"
                        + "\(source["optional"]?.boolValue ?? false)\n")
            } else if let source = volume["emptyDir"] {
                w.write(
                    0,
                    "    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t"
                        + "\(source["medium"]?.stringValue ?? "")\n    SizeLimit:\t"
                        + "\(source["sizeLimit"].map(KubectlFormat.scalar) ?? "<unset>")\n")
            } else if let source = volume["hostPath"] {
                w.write(
                    0,
                    "    Type:\tHostPath (bare host directory volume)\n    Path:\t"
                        + "\(source["path"]?.stringValue ?? "")\n    HostPathType:\t"
                        + "\(source["type"]?.stringValue ?? "")\n"
                )
            } else if volume["projected"] != nil {
                w.write(0, "    Type:\tProjected (a volume that contains injected data from multiple sources)\n")
            } else {
                w.write(2, "<unknown>\n")
            }
        }
    }
}
