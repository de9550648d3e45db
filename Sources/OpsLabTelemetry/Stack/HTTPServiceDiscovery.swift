import OpsLabCore

/// Prometheus's HTTP service discovery format (`http_sd_configs`): a JSON array of target groups.
///
/// Each group is `{"targets": ["ip:port"], "labels": {...}}`; `__metrics_path__` carries the path, `__scheme__`
/// a scheme other than http, and the other labels are the target's own (`namespace`, `pod`, `container`, `node`,
/// `app`). `job` and `instance` are left to the scraping Prometheus (its `job_name`, the address).
public enum HTTPServiceDiscovery {
    /// The target groups for `targets` (API-server targets are left out: a foreign Prometheus cannot reach them
    /// without the cluster's credentials).
    public static func groups(_ targets: [DiscoveredTarget]) -> JSONValue {
        var groups: [JSONValue] = []
        for target in targets {
            guard case .direct(let scheme, let address, let path) = target.access else { continue }
            var labels: [String: JSONValue] = ["__metrics_path__": .string(path)]
            if scheme != "http" { labels["__scheme__"] = .string(scheme) }
            for (name, value) in target.labels where name != "job" && name != "instance" {
                labels[name] = .string(value)
            }
            groups.append(["targets": [.string(address)], "labels": .object(labels)])
        }
        return .array(groups)
    }

    /// The JSON body served at `/api/v1/sd/targets`.
    public static func body(_ targets: [DiscoveredTarget]) -> String {
        groups(targets).jsonString()
    }
}
