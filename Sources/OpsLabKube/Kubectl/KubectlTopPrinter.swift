import Foundation
import OpsLabCore

/// kubectl 1.32's `top` printer (`metricsutil.TopCmdPrinter`): CPU as rounded-up millicores (`12m`), memory as
/// whole mebibytes rounded down (`34Mi`), node percentages of allocatable truncated to integers, each value
/// followed by a tab and aligned by Go's tabwriter (so every line ends in padding).
struct KubectlTopPrinter {
    /// One pod or container row's usage.
    struct Usage: Equatable {
        /// CPU in nanocores.
        var nanocores: Int64
        /// Memory in bytes.
        var bytes: Int64

        static func + (left: Usage, right: Usage) -> Usage {
            Usage(nanocores: left.nanocores + right.nanocores, bytes: left.bytes + right.bytes)
        }
    }

    /// One PodMetrics object.
    struct Pod {
        var namespace: String
        var name: String
        var containers: [(name: String, usage: Usage)]
        var total: Usage { containers.reduce(Usage(nanocores: 0, bytes: 0)) { $0 + $1.usage } }
    }

    /// One NodeMetrics object with the node's allocatable resources (when the node was listed).
    struct Node {
        var name: String
        var usage: Usage
        var allocatable: Usage?
    }

    /// `kubectl top pod` output.
    static func pods(
        _ pods: [Pod], containers: Bool, withNamespace: Bool, noHeaders: Bool, sortBy: String?, sum: Bool = false
    ) -> String {
        guard !pods.isEmpty else { return "" }
        var text = ""
        var width = 3
        if !noHeaders {
            if withNamespace {
                text += "NAMESPACE\t"
                width += 1
            }
            if containers {
                text += "POD\t"
                width += 1
            }
            text += "NAME\tCPU(cores)\tMEMORY(bytes)\t\n"
        }
        let ordered = pods.sorted { left, right in
            switch sortBy {
            case "cpu": return milli(left.total.nanocores) > milli(right.total.nanocores)
            case "memory": return left.total.bytes > right.total.bytes
            default:
                if withNamespace && left.namespace != right.namespace { return left.namespace < right.namespace }
                return left.name < right.name
            }
        }
        for pod in ordered {
            let prefix = withNamespace ? "\(pod.namespace)\t" : ""
            if containers {
                let rows = pod.containers.sorted { left, right in
                    switch sortBy {
                    case "cpu": return milli(left.usage.nanocores) > milli(right.usage.nanocores)
                    case "memory": return left.usage.bytes > right.usage.bytes
                    default: return left.name < right.name
                    }
                }
                for row in rows { text += prefix + "\(pod.name)\t\(row.name)\t" + cells(row.usage) + "\n" }
            } else {
                text += prefix + "\(pod.name)\t" + cells(pod.total) + "\n"
            }
        }
        if sum {
            let total = pods.reduce(Usage(nanocores: 0, bytes: 0)) { $0 + $1.total }
            text += String(repeating: "\t", count: width - 2) + "________\t________\t\n"
            text += String(repeating: "\t", count: width - 3) + "\t" + cells(total) + "\n"
        }
        return TabWriter.table.format(text)
    }

    /// `kubectl top node` output.
    static func nodes(_ nodes: [Node], missing: [String] = [], noHeaders: Bool, sortBy: String?) -> String {
        guard !nodes.isEmpty else { return "" }
        var text = noHeaders ? "" : "NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n"
        let ordered = nodes.sorted { left, right in
            switch sortBy {
            case "cpu": return milli(left.usage.nanocores) > milli(right.usage.nanocores)
            case "memory": return left.usage.bytes > right.usage.bytes
            default: return left.name < right.name
            }
        }
        for node in ordered {
            text += "\(node.name)\t\(milli(node.usage.nanocores))m\t"
            if let allocatable = node.allocatable {
                text += percent(milli(node.usage.nanocores), of: milli(allocatable.nanocores))
            }
            text += "\(node.usage.bytes / 1_048_576)Mi\t"
            if let allocatable = node.allocatable {
                text += percent(node.usage.bytes * 1000, of: allocatable.bytes * 1000)
            }
            text += "\n"
        }
        for name in missing { text += "\(name)\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n" }
        return TabWriter.table.format(text)
    }

    private static func cells(_ usage: Usage) -> String {
        "\(milli(usage.nanocores))m\t\(usage.bytes / 1_048_576)Mi\t"
    }

    private static func percent(_ value: Int64, of available: Int64) -> String {
        let fraction = available == 0 ? 0 : Double(value) / Double(available) * 100
        return "\(Int64(fraction))%\t"
    }

    /// Millicores rounded up, as `Quantity.MilliValue()`.
    static func milli(_ nanocores: Int64) -> Int64 {
        (nanocores + 999_999) / 1_000_000
    }

    /// A CPU quantity (`250m`, `12345678n`, `2`) in nanocores, rounded up.
    static func nanocores(_ text: String) -> Int64? {
        scaled(text, unit: 1_000_000_000)
    }

    /// A memory quantity (`12345Ki`, `1Gi`, `512`) in bytes, rounded up.
    static func bytes(_ text: String) -> Int64? {
        scaled(text, unit: 1)
    }

    private static func scaled(_ text: String, unit: Decimal) -> Int64? {
        let binary: [(String, Int64)] = [
            ("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40), ("Pi", 1 << 50), ("Ei", 1 << 60),
        ]
        let decimal: [(String, Int)] = [("n", -9), ("u", -6), ("m", -3), ("k", 3), ("M", 6), ("G", 9), ("T", 12)]
        for (suffix, factor) in binary where text.hasSuffix(suffix) {
            guard let number = Decimal(string: String(text.dropLast(suffix.count))) else { return nil }
            return roundUp(number * Decimal(factor) * unit)
        }
        for (suffix, exponent) in decimal where text.hasSuffix(suffix) {
            guard let number = Decimal(string: String(text.dropLast(suffix.count))) else { return nil }
            return roundUp(number * Decimal(sign: .plus, exponent: exponent, significand: 1) * unit)
        }
        return Decimal(string: text).map { roundUp($0 * unit) }
    }

    private static func roundUp(_ value: Decimal) -> Int64 {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, 0, .up)
        return NSDecimalNumber(decimal: result).int64Value
    }
}
