import Foundation
import OpsLabCore

extension Kubectl {
    func describeDeployment(_ deployment: JSONValue, events: [JSONValue]?, _ w: DescribeWriter) async {
        let spec = deployment["spec"] ?? .emptyObject
        let status = deployment["status"] ?? .emptyObject
        w.write(0, "Name:\t\(deployment.name)\n")
        w.write(0, "Namespace:\t\(deployment.namespace ?? "")\n")
        w.write(
            0,
            "CreationTimestamp:\t"
                + "\(KubectlFormat.rfc1123z(deployment[path: ["metadata", "creationTimestamp"]]?.stringValue))\n")
        w.labels("Labels", deployment.labels)
        w.annotations("Annotations", deployment.annotations)
        w.write(0, "Selector:\t\(Self.selectorString(spec["selector"]))\n")
        func count(_ key: String) -> Int64 { status[key]?.intValue ?? 0 }
        w.write(
            0,
            "Replicas:\t\(spec["replicas"]?.intValue ?? 1) desired | \(count("updatedReplicas")) updated | "
                + "\(count("replicas")) total | \(count("availableReplicas")) available | "
                + "\(count("unavailableReplicas")) unavailable\n")
        w.write(0, "StrategyType:\t\(spec[path: ["strategy", "type"]]?.stringValue ?? "RollingUpdate")\n")
        w.write(0, "MinReadySeconds:\t\(spec["minReadySeconds"]?.intValue ?? 0)\n")
        if (spec[path: ["strategy", "type"]]?.stringValue ?? "RollingUpdate") == "RollingUpdate" {
            let rolling = spec[path: ["strategy", "rollingUpdate"]]
            let unavailable = rolling?["maxUnavailable"].map(KubectlFormat.scalar) ?? "25%"
            let surge = rolling?["maxSurge"].map(KubectlFormat.scalar) ?? "25%"
            w.write(0, "RollingUpdateStrategy:\t\(unavailable) max unavailable, \(surge) max surge\n")
        }
        describePodTemplate(spec["template"], w)
        describeWorkloadConditions(status, w)
        if let sets = try? await ownedReplicaSets(of: deployment) {
            let revision = deployment.annotations[Self.revisionAnnotation]
            let newSet =
                sets.last { $0.object.annotations[Self.revisionAnnotation] == revision && revision != nil }
                ?? sets.last { Self.templateMatches($0.object, deployment) }
            let old = sets.filter { $0.object.name != newSet?.object.name }
                .filter { ($0.object[path: ["spec", "replicas"]]?.intValue ?? 0) != 0 }
            w.write(0, "OldReplicaSets:\t\(Self.replicaSetSummary(old.map(\.object)))\n")
            w.write(0, "NewReplicaSet:\t\(Self.replicaSetSummary(newSet.map { [$0.object] } ?? []))\n")
        }
        w.events(events)
    }

    /// Whether a ReplicaSet's template is the deployment's (ignoring the pod-template-hash label).
    static func templateMatches(_ replicaSet: JSONValue, _ deployment: JSONValue) -> Bool {
        var template = replicaSet[path: ["spec", "template"]] ?? .null
        template[path: ["metadata", "labels", "pod-template-hash"]] = nil
        let wanted = deployment[path: ["spec", "template"]] ?? .null
        return ApplyPatch.contains(template, wanted) && ApplyPatch.contains(wanted, template)
    }

    /// `geo-7d9f8c6b5d (1/1 replicas created)`, comma-joined, or `<none>`.
    static func replicaSetSummary(_ sets: [JSONValue]) -> String {
        guard !sets.isEmpty else { return "<none>" }
        return sets.map {
            "\($0.name) (\($0[path: ["status", "replicas"]]?.intValue ?? 0)/"
                + "\($0[path: ["spec", "replicas"]]?.intValue ?? 1) replicas created)"
        }.joined(separator: ", ")
    }

    private func describeWorkloadConditions(_ status: JSONValue, _ w: DescribeWriter) {
        let conditions = status["conditions"]?.arrayValue ?? []
        guard !conditions.isEmpty else { return }
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for condition in conditions {
            w.write(
                1,
                "\(condition["type"]?.stringValue ?? "") \t\(condition["status"]?.stringValue ?? "")\t"
                    + "\(condition["reason"]?.stringValue ?? "")\n")
        }
    }

    /// The `Pod Template:` section of deployments and replica sets.
    func describePodTemplate(_ template: JSONValue?, _ w: DescribeWriter) {
        w.write(0, "Pod Template:\n")
        guard let template else {
            w.write(1, "<unset>")
            return
        }
        let metadata = template["metadata"] ?? .emptyObject
        w.labels("  Labels", JSONValue.stringMap(metadata["labels"]))
        let annotations = JSONValue.stringMap(metadata["annotations"])
        if !annotations.isEmpty { w.annotations("  Annotations", annotations) }
        let spec = template["spec"] ?? .emptyObject
        if let account = spec["serviceAccountName"]?.stringValue, !account.isEmpty {
            w.write(1, "Service Account:\t\(account)\n")
        }
        let initContainers = spec["initContainers"]?.arrayValue ?? []
        if !initContainers.isEmpty {
            describeContainers("Init Containers", initContainers, statuses: nil, space: "  ", w)
        }
        describeContainers("Containers", spec["containers"]?.arrayValue ?? [], statuses: nil, space: "  ", w)
        describeVolumes(spec["volumes"]?.arrayValue ?? [], space: "  ", w)
        if let priorityClass = spec["priorityClassName"]?.stringValue, !priorityClass.isEmpty {
            w.write(1, "Priority Class Name:\t\(priorityClass)\n")
        }
        w.labels("  Node-Selectors", JSONValue.stringMap(spec["nodeSelector"]))
        w.tolerations("  Tolerations", spec["tolerations"]?.arrayValue ?? [])
    }

    func describeReplicaSet(_ replicaSet: JSONValue, events: [JSONValue]?, _ w: DescribeWriter) async {
        let spec = replicaSet["spec"] ?? .emptyObject
        w.write(0, "Name:\t\(replicaSet.name)\n")
        w.write(0, "Namespace:\t\(replicaSet.namespace ?? "")\n")
        let selector = Self.selectorString(spec["selector"])
        w.write(0, "Selector:\t\(selector)\n")
        w.labels("Labels", replicaSet.labels)
        w.annotations("Annotations", replicaSet.annotations)
        if let controller = Self.controller(replicaSet) { w.write(0, "Controlled By:\t\(controller)\n") }
        w.write(
            0,
            "Replicas:\t\(replicaSet[path: ["status", "replicas"]]?.intValue ?? 0) current / "
                + "\(spec["replicas"]?.intValue ?? 1) desired\n")
        w.write(0, "Pods Status:\t")
        if selector != "<none>",
            let list = try? await listAll(.pods, namespace: replicaSet.namespace, labelSelector: selector)
        {
            var counts: [String: Int] = [:]
            for pod in list["items"]?.arrayValue ?? [] {
                let owners = pod[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
                if !replicaSet.uid.isEmpty, !owners.contains(where: { $0["uid"]?.stringValue == replicaSet.uid }) {
                    continue
                }
                counts[pod[path: ["status", "phase"]]?.stringValue ?? "Pending", default: 0] += 1
            }
            w.write(
                0,
                "\(counts["Running"] ?? 0) Running / \(counts["Pending"] ?? 0) Waiting / "
                    + "\(counts["Succeeded"] ?? 0) Succeeded / \(counts["Failed"] ?? 0) Failed\n")
        } else {
            w.write(0, "0 Running / 0 Waiting / 0 Succeeded / 0 Failed\n")
        }
        describePodTemplate(spec["template"], w)
        describeWorkloadConditions(replicaSet["status"] ?? .emptyObject, w)
        w.events(events)
    }
}
