import Foundation

/// A condition on one label, as in a PromQL selector: `=`, `!=`, `=~` or `!~`.
///
/// Regular expressions are fully anchored as in Prometheus (`job=~"api"` matches only `api`, not `api-2`).
/// An absent label matches as the empty string, so `foo=""` selects series without `foo`.
public struct LabelMatcher: Sendable, Hashable, CustomStringConvertible {
    /// How a matcher compares.
    public enum MatchType: String, Sendable, Hashable {
        /// `=`
        case equal = "="
        /// `!=`
        case notEqual = "!="
        /// `=~`
        case regexMatch = "=~"
        /// `!~`
        case regexNoMatch = "!~"
    }

    /// The label name.
    public let name: String
    /// The comparison.
    public let type: MatchType
    /// The literal value or the regular expression source.
    public let value: String
    private let regex: CompiledRegex?

    /// A matcher; throws ``LabelMatcherError`` for an invalid regular expression.
    public init(_ name: String, _ type: MatchType, _ value: String) throws(LabelMatcherError) {
        self.name = name
        self.type = type
        self.value = value
        switch type {
        case .equal, .notEqual: regex = nil
        case .regexMatch, .regexNoMatch: regex = try CompiledRegex(value)
        }
    }

    /// An equality matcher (never throws).
    public static func equal(_ name: String, _ value: String) -> LabelMatcher {
        // Equality matchers compile no regex, so this cannot fail.
        try! LabelMatcher(name, .equal, value)
    }

    /// Whether a label value (empty for an absent label) satisfies the matcher.
    public func matches(_ labelValue: String) -> Bool {
        switch type {
        case .equal: return labelValue == value
        case .notEqual: return labelValue != value
        case .regexMatch: return regex?.matches(labelValue) ?? false
        case .regexNoMatch: return !(regex?.matches(labelValue) ?? false)
        }
    }

    /// Whether a label set satisfies the matcher.
    public func matches(_ labels: MetricLabels) -> Bool {
        matches(labels[name] ?? "")
    }

    /// Whether the matcher matches the empty string (i.e. selects series without the label).
    public var matchesEmpty: Bool { matches("") }

    /// PromQL notation, e.g. `job=~"api.*"`.
    public var description: String { "\(name)\(type.rawValue)\"\(MetricLabels.escape(value))\"" }

    /// Compares name, type and value.
    public static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
        lhs.name == rhs.name && lhs.type == rhs.type && lhs.value == rhs.value
    }

    /// Hashes name, type and value.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(type)
        hasher.combine(value)
    }
}

/// An invalid regular expression in a label matcher.
public struct LabelMatcherError: Error, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let message: String
    /// A human-readable description.
    public var description: String { message }
}

/// A fully anchored regular expression with fast paths for literals and alternations of literals.
struct CompiledRegex: Sendable {
    private enum Kind: Sendable {
        case literals(Set<String>)
        case matchAll
        case expression(NSRegularExpression)
    }
    private let kind: Kind

    init(_ pattern: String) throws(LabelMatcherError) {
        let meta: Set<Character> = ["\\", ".", "+", "*", "?", "(", ")", "[", "]", "{", "}", "^", "$"]
        if pattern == ".*" {
            kind = .matchAll
        } else if !pattern.contains(where: { meta.contains($0) }) {
            kind = .literals(Set(pattern.split(separator: "|", omittingEmptySubsequences: false).map(String.init)))
        } else {
            do {
                kind = .expression(
                    try NSRegularExpression(pattern: "^(?:" + pattern + ")$", options: [.dotMatchesLineSeparators]))
            } catch {
                throw LabelMatcherError(message: "invalid regular expression \"\(pattern)\": \(error)")
            }
        }
    }

    func matches(_ value: String) -> Bool {
        switch kind {
        case .literals(let set): return set.contains(value)
        case .matchAll: return true
        case .expression(let regex):
            let range = NSRange(value.startIndex..<value.endIndex, in: value)
            return regex.firstMatch(in: value, options: [.anchored], range: range) != nil
        }
    }
}
