import Foundation
import OpsLabCore
import OpsLabKube

/// The file that lets pods resolve Service names: a JSON object `{"<name>.<namespace>": "<clusterIP>"}`.
public struct ProxyServicesFile: Sendable {
    /// Where the file lives.
    public var path: String

    /// Creates a writer for `path`.
    public init(path: String) {
        self.path = path
    }

    /// The file's entries for a set of Services: every Service with a ClusterIP other than `None`.
    public static func entries(for services: [JSONValue]) -> [String: String] {
        var result: [String: String] = [:]
        for service in services {
            guard let ip = service[path: ["spec", "clusterIP"]]?.stringValue, !ip.isEmpty, ip != "None" else {
                continue
            }
            result["\(service.name).\(service.namespace ?? "default")"] = ip
        }
        return result
    }

    /// Reads the file back (an empty map when it is missing or unreadable).
    public func read() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path),
            let members = (try? JSONValue(parsing: data))?.objectValue
        else { return [:] }
        return members.compactMapValues(\.stringValue)
    }

    /// Writes the entries atomically: a temporary file next to the target, then a rename over it.
    public func write(_ entries: [String: String]) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let document = JSONValue.object(entries.mapValues(JSONValue.string))
        try document.jsonData(pretty: true).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "rename failed: errno \(code)"])
        }
    }
}
