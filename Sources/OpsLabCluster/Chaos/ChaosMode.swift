import Foundation

/// Chaos Mesh's selector `mode`: how many of the matching targets an experiment takes.
public enum ChaosMode: String, Sendable, Hashable, CaseIterable {
    /// One random target.
    case one
    /// Every match.
    case all
    /// `value` targets, at random (all when fewer match).
    case fixed
    /// `value` % of the matches (rounded down), at random.
    case fixedPercent = "fixed-percent"
    /// A random percentage between 0 and `value` % of the matches (rounded down), at random.
    case randomMaxPercent = "random-max-percent"

    /// Whether the mode needs `spec.value`.
    public var needsValue: Bool { self == .fixed || self == .fixedPercent || self == .randomMaxPercent }

    /// Why `value` does not suit this mode (Chaos Mesh's webhook wording), or `nil` when it does.
    public func valueProblem(_ value: String?) -> String? {
        guard needsValue else { return nil }
        guard let text = value, !text.isEmpty else { return "value is required with mode \(rawValue)" }
        guard let number = Int(text) else { return "value should be an integer, got \"\(text)\"" }
        switch self {
        case .fixed where number <= 0:
            return "value must be greater than 0 with mode:\(rawValue)"
        case .fixedPercent, .randomMaxPercent:
            return number <= 0 || number > 100 ? "value must be in (0,100] with mode:\(rawValue)" : nil
        default:
            return nil
        }
    }

    /// Chooses targets from `items` (in a stable order) as the mode says, with `random` for every random choice.
    ///
    /// - Throws: ``ChaosError`` `selection` when `value` is unusable or nothing is left
    ///   (`no target has been selected`).
    public func choose<T>(
        from items: [T], value: String?, using random: inout some RandomNumberGenerator
    )
        throws(ChaosError) -> [T]
    {
        guard !items.isEmpty else { throw ChaosError(.selection, "no target has been selected") }
        if let problem = valueProblem(value) { throw ChaosError(.selection, problem) }
        let number = Int(value ?? "") ?? 0
        let chosen: [T]
        switch self {
        case .one:
            chosen = [items[Int.random(in: 0..<items.count, using: &random)]]
        case .all:
            chosen = items
        case .fixed:
            chosen = Self.sample(items, count: min(number, items.count), using: &random)
        case .fixedPercent:
            chosen = Self.sample(items, count: items.count * number / 100, using: &random)
        case .randomMaxPercent:
            let percent = Int.random(in: 0...number, using: &random)
            chosen = Self.sample(items, count: items.count * percent / 100, using: &random)
        }
        if chosen.isEmpty { throw ChaosError(.selection, "no target has been selected") }
        return chosen
    }

    /// `count` distinct items chosen at random, kept in their original order.
    static func sample<T>(_ items: [T], count: Int, using random: inout some RandomNumberGenerator) -> [T] {
        var indexes = Array(items.indices)
        indexes.shuffle(using: &random)
        return indexes.prefix(count).sorted().map { items[$0] }
    }
}
