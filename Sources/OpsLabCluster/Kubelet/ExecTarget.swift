import Foundation
import OpsLabCore
import OpsLabKube

/// Why an exec cannot start, answered before the upgrade.
enum ExecRejection: Error, Sendable {
    /// A Kubernetes Status (API server validation).
    case status(APIStatus)
    /// A plain-text answer with a status code (the kubelet's streaming server errors).
    case text(Int, String)
}

/// The container an exec runs "in": its image, its environment (as the kubelet builds it for the container)
/// and the pod's directory, which serves as the container's root and working directory.
struct ExecTarget: Sendable {
    /// The pod's namespace.
    var namespace: String
    /// The pod's name.
    var pod: String
    /// The container's name.
    var container: String
    /// The container's image.
    var image: String
    /// The process environment.
    var environment: [String: String]
    /// The pod's directory.
    var workingDirectory: String

    /// Looks the pod up and checks it the way the API server and kubelet do.
    static func resolve(
        context: ClusterContext, namespace: String, pod name: String, container requested: String?
    ) async throws(ExecRejection) -> ExecTarget {
        guard let pod = await context.store.find(.pods, namespace: namespace, name: name) else {
            throw .status(.notFound(.pods, name: name))
        }
        let containers = PodWorker.containers(of: pod)
        let names = containers.map(\.name)
        let container: Container
        if let requested, !requested.isEmpty {
            guard let match = containers.first(where: { $0.name == requested }) else {
                throw .status(.badRequest("container \(requested) is not valid for pod \(name)"))
            }
            container = match
        } else if containers.count == 1 {
            container = containers[0]
        } else {
            throw .status(
                .badRequest(
                    "a container name must be specified for pod \(name), choose one of: "
                        + "[\(names.joined(separator: " "))]"
                ))
        }
        guard let node = pod[path: ["spec", "nodeName"]]?.stringValue, !node.isEmpty else {
            throw .status(.badRequest("pod \(name) does not have a host assigned"))
        }
        let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
        let status = statuses.first { $0["name"]?.stringValue == container.name }
        let phase = pod[path: ["status", "phase"]]?.stringValue
        guard phase == "Running", status?[path: ["state", "running"]] != nil else {
            throw .text(400, "container not found (\"\(container.name)\")")
        }
        let podIP = pod[path: ["status", "podIP"]]?.stringValue ?? ""
        var environment: [String: String]
        do {
            environment = try await ContainerEnvironment(
                pod: pod, podIP: podIP, hostIP: context.configuration.nodeAddress(node),
                servicesFilePath: context.configuration.servicesFilePath
            ).resolve(container, store: context.store)
        } catch {
            throw .status(.internalError("error executing command in container: \(error.message)"))
        }
        environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        environment["HOME"] = "/root"
        let directory = "\(context.configuration.stateDirectory)/pods/\(namespace)_\(name)_\(pod.uid)"
        return ExecTarget(
            namespace: namespace, pod: name, container: container.name, image: container.image ?? "",
            environment: environment, workingDirectory: directory)
    }
}
