import Foundation
import OpsLabKube

/// Reads container logs that the kubelet wrote, with the options of `kubectl logs`.
///
/// Each start of a container writes `<logs>/<ns>_<pod>_<uid>/<container>/<restartCount>.log`; the newest
/// file is the current (or last) instance, the one before it the previous instance.
public struct PodLogReader: Sendable {
    /// The cluster configuration (for the logs directory).
    public var configuration: ClusterConfiguration
    /// The clock, for `sinceSeconds`.
    public var now: @Sendable () -> Date

    /// Creates a reader.
    public init(configuration: ClusterConfiguration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.now = now
    }

    /// Returns a container's log text.
    ///
    /// - Parameters:
    ///   - previous: read the instance before the current one.
    ///   - tailLines: keep only the last N lines.
    ///   - sinceSeconds: keep only lines newer than this many seconds.
    ///   - timestamps: prefix each line with its RFC 3339 timestamp.
    ///   - waitingReason: the container's waiting reason from the pod status, if any; it picks the wording of
    ///     the error when there is no log yet (`ContainerCreating`, `ErrImagePull`, `ImagePullBackOff`).
    /// - Throws: ``APIStatus`` BadRequest when the container has not started yet or has no previous instance.
    public func read(
        namespace: String, pod: String, uid: String, container: String, previous: Bool = false,
        tailLines: Int? = nil, sinceSeconds: Int? = nil, timestamps: Bool = false, waitingReason: String? = nil
    ) throws -> String {
        let directory =
            (Kubelet.logPath(
                configuration: configuration, namespace: namespace, pod: pod, uid: uid, container: container, restart: 0
            ) as NSString).deletingLastPathComponent
        let restarts = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .compactMap { name in name.hasSuffix(".log") ? Int(name.dropLast(4)) : nil }
            .sorted()
        guard let latest = restarts.last else {
            let wording = Self.waitingWording(waitingReason)
            throw APIStatus.badRequest("container \"\(container)\" in pod \"\(pod)\" is waiting to start: \(wording)")
        }
        var chosen = latest
        if previous {
            guard let before = restarts.dropLast().last else {
                throw APIStatus.badRequest("previous terminated container \"\(container)\" in pod \"\(pod)\" not found")
            }
            chosen = before
        }
        let text = (try? String(contentsOfFile: directory + "/\(chosen).log", encoding: .utf8)) ?? ""
        let cutoff = sinceSeconds.map { now().addingTimeInterval(-TimeInterval($0)) }
        return Self.render(text, since: cutoff, tailLines: tailLines, timestamps: timestamps)
    }

    /// Turns CRI log records into `kubectl logs` output (a pure function, for tests).
    static func render(_ text: String, since cutoff: Date?, tailLines: Int?, timestamps: Bool) -> String {
        var lines: [String] = []
        for record in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = record.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3 else { continue }
            if let cutoff, let stamp = ContainerLogFile.parseTimestamp(fields[0]), stamp < cutoff { continue }
            let message = fields.count == 4 ? String(fields[3]) : ""
            lines.append(timestamps ? "\(fields[0]) \(message)" : message)
        }
        if let tailLines, tailLines >= 0 { lines = Array(lines.suffix(tailLines)) }
        return lines.map { $0 + "\n" }.joined()
    }

    static func waitingWording(_ reason: String?) -> String {
        switch reason {
        case "ErrImagePull": return "image can't be pulled"
        case "ImagePullBackOff": return "trying and failing to pull image"
        case let reason?: return reason
        case nil: return "ContainerCreating"
        }
    }
}
