import Foundation
import OpsLabCore

extension Kubectl {
    static let revisionAnnotation = "deployment.kubernetes.io/revision"

    func runRollout(_ context: CommandContext) async throws {
        var args = context.args
        guard let sub = args.positionals.first else {
            throw KubectlError.error("you must specify a subcommand: status, restart, undo or history")
        }
        args.positionals.removeFirst()
        let namespace = self.namespace(args)
        for item in try await namedTargets(args.positionals, verb: "rollout \(sub)") {
            guard item.type == .deployments || sub == "restart" else {
                throw KubectlError.error(
                    "no \(sub == "status" ? "status viewer" : "rollbacker") has been "
                        + "implemented for {\(item.type.group) \(item.type.kind)}")
            }
            let objectNamespace = scope(item.type, namespace)
            switch sub {
            case "restart":
                let stamp = KubectlFormat.rfc3339(environment.now())
                var patch = JSONValue.emptyObject
                patch[path: ["spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"]] =
                    .string(stamp)
                _ = try await client.patch(
                    item.type, namespace: objectNamespace, name: item.name, patch: patch,
                    patchType: .strategic)
                context.output.line("\(item.type.qualifiedKind)/\(item.name) restarted")
            case "status":
                try await rolloutStatus(item.name, namespace: objectNamespace, args: args, output: context.output)
            case "undo":
                try await rolloutUndo(item.name, namespace: objectNamespace, args: args, output: context.output)
            case "history":
                try await rolloutHistory(item.name, namespace: objectNamespace, output: context.output)
            default:
                throw KubectlError.error(
                    "\"rollout \(sub)\" is not supported by opslab kubectl (supported: "
                        + "rollout status, rollout restart, rollout undo, rollout history)")
            }
        }
    }

    /// The message kubectl's deployment status viewer prints, and whether the rollout is done.
    static func deploymentStatus(_ deployment: JSONValue) throws -> (message: String, done: Bool) {
        let name = deployment.name
        let generation = deployment[path: ["metadata", "generation"]]?.intValue ?? 0
        let status = deployment["status"] ?? .emptyObject
        guard generation <= status["observedGeneration"]?.intValue ?? 0 else {
            return ("Waiting for deployment spec update to be observed...", false)
        }
        let conditions = status["conditions"]?.arrayValue ?? []
        if conditions.contains(where: {
            $0["type"]?.stringValue == "Progressing" && $0["reason"]?.stringValue == "ProgressDeadlineExceeded"
        }) {
            throw KubectlError.error("deployment \"\(name)\" exceeded its progress deadline")
        }
        let wanted = deployment[path: ["spec", "replicas"]]?.intValue ?? 1
        let updated = status["updatedReplicas"]?.intValue ?? 0
        let total = status["replicas"]?.intValue ?? 0
        let available = status["availableReplicas"]?.intValue ?? 0
        if updated < wanted {
            return (
                "Waiting for deployment \"\(name)\" rollout to finish: \(updated) out of \(wanted) new replicas "
                    + "have been updated...", false
            )
        }
        if total > updated {
            return (
                "Waiting for deployment \"\(name)\" rollout to finish: \(total - updated) old replicas are "
                    + "pending termination...", false
            )
        }
        if available < updated {
            return (
                "Waiting for deployment \"\(name)\" rollout to finish: \(available) of \(updated) updated "
                    + "replicas are available...", false
            )
        }
        return ("deployment \"\(name)\" successfully rolled out", true)
    }

    private func rolloutStatus(
        _ name: String, namespace: String?, args: ParsedArguments, output: KubectlOutput
    )
        async throws
    {
        let timeout =
            try args.value("timeout").map { text -> Double in
                guard let seconds = KubectlFormat.parseDuration(text) else {
                    throw KubectlError.error("invalid argument \"\(text)\" for \"--timeout\" flag")
                }
                return seconds
            } ?? 300
        let watch = args.bools["watch"] ?? true
        let start = environment.now()
        let maxPolls = Self.maxPolls(timeout: timeout, interval: environment.pollInterval)
        var last = ""
        var polls = 0
        while true {
            polls += 1
            let deployment = try await client.get(.deployments, namespace: namespace, name: name)
            let (message, done) = try Self.deploymentStatus(deployment)
            if message != last { output.line(message) }
            last = message
            if done || !watch { return }
            if timeout > 0, environment.now().timeIntervalSince(start) >= timeout || polls >= maxPolls {
                throw KubectlError.error("timed out waiting for the condition")
            }
            try await environment.sleep(environment.pollInterval)
        }
    }

    /// The ReplicaSets a deployment controls, with their revision numbers, oldest first.
    func ownedReplicaSets(of deployment: JSONValue) async throws -> [(revision: Int64, object: JSONValue)] {
        let list = try await listAll(.replicaSets, namespace: deployment.namespace)
        let owned = (list["items"]?.arrayValue ?? []).filter { rs in
            let owners = rs[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
            return owners.contains { $0["uid"]?.stringValue == deployment.uid && !deployment.uid.isEmpty }
                || owners.contains {
                    $0["kind"]?.stringValue == "Deployment" && $0["name"]?.stringValue == deployment.name
                }
        }
        return owned.map { (Int64($0.annotations[Self.revisionAnnotation] ?? "") ?? 0, $0) }.sorted { $0.0 < $1.0 }
    }

    private func rolloutUndo(
        _ name: String, namespace: String?, args: ParsedArguments, output: KubectlOutput
    )
        async throws
    {
        let deployment = try await client.get(.deployments, namespace: namespace, name: name)
        let sets = try await ownedReplicaSets(of: deployment)
        let current = Int64(deployment.annotations[Self.revisionAnnotation] ?? "") ?? sets.last?.revision ?? 0
        let target: (revision: Int64, object: JSONValue)?
        if let wanted = try args.int("to-revision"), wanted != 0 {
            target = sets.first { $0.revision == Int64(wanted) }
            if target == nil { throw KubectlError.error("unable to find specified revision \(wanted) in history") }
        } else {
            target = sets.last { $0.revision < current }
        }
        guard let target else {
            throw KubectlError.error("no rollout history found for deployment \"\(name)\"")
        }
        var template = target.object[path: ["spec", "template"]] ?? .emptyObject
        var labels = template[path: ["metadata", "labels"]]?.objectValue ?? [:]
        labels["pod-template-hash"] = nil
        template[path: ["metadata", "labels"]] = .object(labels)
        if ApplyPatch.contains(deployment[path: ["spec", "template"]] ?? .null, template),
            ApplyPatch.contains(template, deployment[path: ["spec", "template"]] ?? .null)
        {
            output.line(
                "deployment.apps/\(name) skipped rollback (current template already matches revision "
                    + "\(target.revision))")
            return
        }
        let patch: JSONValue = [["op": "replace", "path": "/spec/template", "value": template]]
        _ = try await client.patch(.deployments, namespace: namespace, name: name, patch: patch, patchType: .json)
        output.line("deployment.apps/\(name) rolled back")
    }

    private func rolloutHistory(_ name: String, namespace: String?, output: KubectlOutput) async throws {
        let deployment = try await client.get(.deployments, namespace: namespace, name: name)
        let sets = try await ownedReplicaSets(of: deployment)
        var text = "REVISION\tCHANGE-CAUSE\n"
        for entry in sets where entry.revision > 0 {
            text += "\(entry.revision)\t\(entry.object.annotations["kubernetes.io/change-cause"] ?? "<none>")\n"
        }
        output.line("deployment.apps/\(name) ")
        output.write(TabWriter(minWidth: 0, padding: 2).format(text))
        output.write("\n")
    }
}
