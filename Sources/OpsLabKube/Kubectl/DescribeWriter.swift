import Foundation
import OpsLabCore

/// kubectl's describe `PrefixWriter`: levels indent by two spaces, cells are tab-separated, and `flush`
/// aligns what was written so far with a Go tabwriter (minwidth 0, padding 2).
final class DescribeWriter {
    private var pending = ""
    private var done = ""
    let now: Date

    init(now: Date) { self.now = now }

    /// Writes text at an indent level (0 = none, 1 = two spaces, …).
    func write(_ level: Int, _ text: String) {
        pending += String(repeating: "  ", count: level) + text
    }

    /// Aligns everything written since the last flush.
    func flush() {
        done += TabWriter.describe.format(pending)
        pending = ""
    }

    /// The finished text.
    var text: String {
        flush()
        return done
    }

    /// `Labels:\tk=v` with one key per line, or `<none>`.
    func labels(_ title: String, _ labels: [String: String]) {
        write(0, "\(title):\t")
        if labels.isEmpty {
            write(0, "<none>\n")
            return
        }
        for (index, key) in labels.keys.sorted().enumerated() {
            if index > 0 { write(0, "\t") }
            write(0, "\(key)=\(labels[key]!)\n")
        }
    }

    /// `Annotations:\tk: v`, skipping the last-applied configuration; long values wrap as kubectl does.
    func annotations(_ title: String, _ annotations: [String: String]) {
        write(0, "\(title):\t")
        let keys = annotations.keys.filter { $0 != Kubectl.lastAppliedAnnotation }.sorted()
        if keys.isEmpty {
            write(0, "<none>\n")
            return
        }
        for (index, key) in keys.enumerated() {
            if index > 0 { write(0, "\t") }
            var value = annotations[key]!
            if value.hasSuffix("\n") { value.removeLast() }
            if value.count + key.count + 2 > 140 || value.contains("\n") {
                write(0, "\(key):\n")
                for line in value.split(separator: "\n", omittingEmptySubsequences: false) {
                    let shortened = line.count > 138 ? String(line.prefix(138)) + "..." : String(line)
                    write(0, "  \(shortened)\n")
                }
            } else {
                write(0, "\(key): \(value)\n")
            }
        }
    }

    /// `Tolerations:\tkey=value:Effect op=Exists for 300s`, one per line.
    func tolerations(_ title: String, _ tolerations: [JSONValue]) {
        write(0, "\(title):\t")
        if tolerations.isEmpty {
            write(0, "<none>\n")
            return
        }
        for (index, toleration) in tolerations.enumerated() {
            if index > 0 { write(0, "\t") }
            var text = toleration["key"]?.stringValue ?? ""
            if let value = toleration["value"]?.stringValue, !value.isEmpty { text += "=\(value)" }
            if let effect = toleration["effect"]?.stringValue, !effect.isEmpty { text += ":\(effect)" }
            if let op = toleration["operator"]?.stringValue, !op.isEmpty { text += " op=\(op)" }
            if let seconds = toleration["tolerationSeconds"]?.intValue { text += " for \(seconds)s" }
            write(0, text + "\n")
        }
    }

    /// The Events section: `Events:\t<none>`, or a flushed, separately aligned table sorted by time.
    func events(_ events: [JSONValue]?) {
        guard let events else { return }
        if events.isEmpty {
            write(0, "Events:\t<none>\n")
            return
        }
        flush()
        write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
        write(1, "----\t------\t----\t----\t-------\n")
        let sorted = events.enumerated().sorted { lhs, rhs in
            let left = KubectlFormat.parseTime(Self.lastTime(lhs.element)) ?? .distantPast
            let right = KubectlFormat.parseTime(Self.lastTime(rhs.element)) ?? .distantPast
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
        for event in sorted {
            let eventTime = event["eventTime"]?.stringValue
            let first =
                KubectlFormat.parseTime(eventTime) != nil
                ? KubectlFormat.age(eventTime, now: now)
                : KubectlFormat.age(event["firstTimestamp"]?.stringValue, now: now)
            var interval = first
            if let series = event["series"], let count = series["count"]?.intValue {
                let last = KubectlFormat.age(series["lastObservedTime"]?.stringValue, now: now)
                interval = "\(last) (x\(count) over \(first))"
            } else if let count = event["count"]?.intValue, count > 1 {
                let last = KubectlFormat.age(event["lastTimestamp"]?.stringValue, now: now)
                interval = "\(last) (x\(count) over \(first))"
            }
            var source = event[path: ["source", "component"]]?.stringValue ?? ""
            if source.isEmpty { source = event["reportingComponent"]?.stringValue ?? "" }
            if source.isEmpty { source = event["reportingController"]?.stringValue ?? "" }
            let message = (event["message"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            write(
                1,
                "\(event["type"]?.stringValue ?? "")\t\(event["reason"]?.stringValue ?? "")\t\(interval)\t"
                    + "\(source)\t\(message)\n")
        }
    }

    private static func lastTime(_ event: JSONValue) -> String? {
        event["lastTimestamp"]?.stringValue ?? event[path: ["series", "lastObservedTime"]]?.stringValue
            ?? event["eventTime"]?.stringValue ?? event["firstTimestamp"]?.stringValue
    }
}
