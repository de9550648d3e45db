import Foundation
import OpsLabCore

/// A relaxed JSONPath for `--sort-by` and `custom-columns`: `.a.b`, `{.a.b}`, `a.b`, `[0]`, `[*]`, `['k.x']`,
/// and `\.` escapes inside keys.
struct FieldPath {
    enum Step: Equatable {
        case key(String)
        case index(Int)
        case all
    }

    var steps: [Step]

    /// Parses an expression; braces and a leading dot are optional, as kubectl's relaxed syntax allows.
    init(_ expression: String) throws {
        var text = expression.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("{"), text.hasSuffix("}") { text = String(text.dropFirst().dropLast()) }
        if !text.hasPrefix("."), !text.hasPrefix("[") { text = "." + text }
        var steps: [Step] = []
        var characters = Array(text)[...]
        while let first = characters.first {
            if first == "." {
                characters = characters.dropFirst()
                var key = ""
                while let next = characters.first, next != ".", next != "[" {
                    if next == "\\", characters.count > 1 {
                        key.append(characters[characters.index(after: characters.startIndex)])
                        characters = characters.dropFirst(2)
                    } else {
                        key.append(next)
                        characters = characters.dropFirst()
                    }
                }
                if !key.isEmpty { steps.append(.key(key)) }
            } else if first == "[" {
                guard let close = characters.firstIndex(of: "]") else {
                    throw KubectlError.error("unclosed array expect ]")
                }
                let inner = String(characters[characters.index(after: characters.startIndex)..<close])
                    .trimmingCharacters(in: .whitespaces)
                characters = characters[characters.index(after: close)...]
                if inner == "*" {
                    steps.append(.all)
                } else if let index = Int(inner) {
                    steps.append(.index(index))
                } else {
                    steps.append(.key(inner.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))))
                }
            } else {
                throw KubectlError.error("unrecognized character in action: \(first)")
            }
        }
        self.steps = steps
    }

    /// Every value the path reaches in `root` (several when `[*]` is used).
    func evaluate(_ root: JSONValue) -> [JSONValue] {
        var current = [root]
        for step in steps {
            var next: [JSONValue] = []
            for value in current {
                switch step {
                case .key(let key):
                    if let child = value[key] { next.append(child) }
                case .index(let index):
                    if let items = value.arrayValue {
                        let position = index < 0 ? items.count + index : index
                        if items.indices.contains(position) { next.append(items[position]) }
                    }
                case .all:
                    if let items = value.arrayValue { next += items }
                    if let members = value.objectValue { next += members.keys.sorted().map { members[$0]! } }
                }
            }
            current = next
        }
        return current
    }

    /// Orders two values as kubectl's `--sort-by` does: numbers numerically, everything else as text;
    /// missing values first.
    static func less(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case let (left?, right?):
            if let a = left.doubleValue, let b = right.doubleValue { return a < b }
            if let a = quantityValue(left), let b = quantityValue(right) { return a < b }
            return KubectlFormat.scalar(left) < KubectlFormat.scalar(right)
        }
    }

    private static func quantityValue(_ value: JSONValue) -> Double? {
        guard case .string(let text) = value, !text.isEmpty else { return nil }
        let suffixes: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776), ("m", 0.001),
            ("k", 1000), ("M", 1e6), ("G", 1e9), ("T", 1e12),
        ]
        for (suffix, factor) in suffixes where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return nil
    }
}
