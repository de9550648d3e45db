import Foundation
import OpsLabCore

/// pod-failure's pod edits as values: swap every container's image for the pause image, remembering the original
/// in an annotation, and swap it back.
public enum PodFailureImages {
    /// The annotation that keeps a container's original image: `chaos-mesh-<exp>-pod-failure-<container>-normal-image`,
    /// or `chaos-mesh-<container>-normal-image` when that is longer than 63 characters (an annotation name's limit),
    /// cut to 63 characters if still too long.
    public static func annotationKey(experiment: String, container: String) -> String {
        let full = "chaos-mesh-\(experiment)-pod-failure-\(container)-normal-image"
        if full.count <= 63 { return full }
        let short = "chaos-mesh-\(container)-normal-image"
        return short.count <= 63 ? short : String(short.prefix(63))
    }

    /// The pod with every container and init container running `pauseImage`; containers that already carry the
    /// experiment's annotation are left alone (so applying twice changes nothing).
    public static func inject(_ pod: JSONValue, experiment: String, pauseImage: String) -> JSONValue {
        var result = pod
        for key in ["containers", "initContainers"] {
            guard let containers = pod[path: ["spec", key]]?.arrayValue else { continue }
            var updated: [JSONValue] = []
            for var container in containers {
                let name = container["name"]?.stringValue ?? ""
                let annotation = annotationKey(experiment: experiment, container: name)
                if result[path: ["metadata", "annotations", annotation]] == nil {
                    result[path: ["metadata", "annotations", annotation]] = container["image"] ?? .string("")
                    container["image"] = .string(pauseImage)
                }
                updated.append(container)
            }
            result[path: ["spec", key]] = .array(updated)
        }
        return result
    }

    /// The pod with the images saved by ``inject(_:experiment:pauseImage:)`` put back and their annotations removed.
    public static func recover(_ pod: JSONValue, experiment: String) -> JSONValue {
        var result = pod
        for key in ["containers", "initContainers"] {
            guard let containers = pod[path: ["spec", key]]?.arrayValue else { continue }
            var updated: [JSONValue] = []
            for var container in containers {
                let name = container["name"]?.stringValue ?? ""
                let annotation = annotationKey(experiment: experiment, container: name)
                if let image = result[path: ["metadata", "annotations", annotation]] {
                    container["image"] = image
                    result[path: ["metadata", "annotations", annotation]] = nil
                }
                updated.append(container)
            }
            result[path: ["spec", key]] = .array(updated)
        }
        if result[path: ["metadata", "annotations"]]?.objectValue?.isEmpty == true {
            result[path: ["metadata", "annotations"]] = nil
        }
        return result
    }
}
