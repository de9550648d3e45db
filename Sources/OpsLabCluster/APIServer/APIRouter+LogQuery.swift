import OpsLabCore
import OpsLabKube

extension APIRouter.LogQuery {
    /// The container the request names, or the pod's only container; throws Kubernetes' BadRequest otherwise.
    public func resolvedContainer() throws -> String {
        let names = (pod[path: ["spec", "containers"]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let initNames = (pod[path: ["spec", "initContainers"]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        if let container, !container.isEmpty {
            guard names.contains(container) || initNames.contains(container) else {
                throw APIStatus.badRequest(
                    "container \(container) is not valid for pod \(pod.name)")
            }
            return container
        }
        if names.count == 1 { return names[0] }
        throw APIStatus.badRequest(
            "a container name must be specified for pod \(pod.name), choose one of: [\(names.joined(separator: " "))]"
                + (initNames.isEmpty ? "" : " or one of the init containers: [\(initNames.joined(separator: " "))]"))
    }

    /// The waiting reason of a container in the pod's status, if it is waiting.
    public func waitingReason(of container: String) -> String? {
        let statuses =
            (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? [])
            + (pod[path: ["status", "initContainerStatuses"]]?.arrayValue ?? [])
        let status = statuses.first { $0["name"]?.stringValue == container }
        guard let status else { return "ContainerCreating" }
        return status[path: ["state", "waiting", "reason"]]?.stringValue
    }
}
