/// A label selector as the API and kubectl accept it: `app=geo,tier!=db,env in (a,b),!canary`.
///
/// Requirements are ANDed. The empty selector matches every set of labels. `description` renders the
/// canonical text (requirements sorted by key), as Kubernetes' `Selector.String()` does.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    /// A selector operator.
    public enum Operator: String, Sendable, Hashable {
        /// `key=value`.
        case equals = "="
        /// `key==value`.
        case doubleEquals = "=="
        /// `key!=value`: the label is absent or has another value.
        case notEquals = "!="
        /// `key in (a,b)`.
        case `in` = "in"
        /// `key notin (a,b)`: the label is absent or has none of the values.
        case notIn = "notin"
        /// `key`: the label is present.
        case exists = "exists"
        /// `!key`: the label is absent.
        case doesNotExist = "!"
        /// `key>N`: the label is an integer greater than N.
        case greaterThan = "gt"
        /// `key<N`: the label is an integer less than N.
        case lessThan = "lt"
    }

    /// One requirement of a selector.
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        /// The label key.
        public var key: String
        /// The operator.
        public var `operator`: Operator
        /// The values, sorted and without duplicates (empty for exists/does-not-exist).
        public var values: [String]

        /// Creates a requirement, validating key and values as Kubernetes' `NewRequirement` does.
        public init(key: String, operator op: Operator, values: [String]) throws(SelectorError) {
            let keyErrors = NameValidation.qualifiedName(key)
            if !keyErrors.isEmpty {
                throw SelectorError("key: Invalid value: \"\(key)\": \(keyErrors.joined(separator: "; "))")
            }
            let rendered = "[]string{" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "}"
            switch op {
            case .in, .notIn:
                if values.isEmpty {
                    throw SelectorError(
                        "values: Invalid value: \(rendered): for 'in', 'notin' operators, values set can't be empty")
                }
            case .equals, .doubleEquals, .notEquals:
                if values.count != 1 {
                    throw SelectorError(
                        "values: Invalid value: \(rendered): exact-match compatibility requires one single value")
                }
            case .exists, .doesNotExist:
                if !values.isEmpty {
                    throw SelectorError(
                        "values: Invalid value: \(rendered): values set must be empty for exists and does not exist")
                }
            case .greaterThan, .lessThan:
                if values.count != 1 {
                    throw SelectorError(
                        "values: Invalid value: \(rendered): for 'Gt', 'Lt' operators, exactly one value is required")
                }
                if Int64(values[0]) == nil {
                    throw SelectorError(
                        "values[0]: Invalid value: \"\(values[0])\": for 'Gt', 'Lt' operators, the value must be an "
                            + "integer")
                }
            }
            for (index, value) in values.enumerated() {
                let errors = NameValidation.labelValue(value)
                if !errors.isEmpty {
                    throw SelectorError(
                        "values[\(index)][\(key)]: Invalid value: \"\(value)\": \(errors.joined(separator: "; "))")
                }
            }
            self.init(unchecked: key, op, values)
        }

        init(unchecked key: String, _ op: Operator, _ values: [String]) {
            self.key = key
            self.operator = op
            self.values = Array(Set(values)).sorted()
        }

        /// Whether a set of labels satisfies this requirement.
        public func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch self.operator {
            case .equals, .doubleEquals, .in:
                return value.map(values.contains) ?? false
            case .notEquals, .notIn:
                return !(value.map(values.contains) ?? false)
            case .exists:
                return value != nil
            case .doesNotExist:
                return value == nil
            case .greaterThan, .lessThan:
                guard let actual = value.flatMap({ Int64($0) }), let bound = values.first.flatMap({ Int64($0) }) else {
                    return false
                }
                return self.operator == .greaterThan ? actual > bound : actual < bound
            }
        }

        /// The requirement as selector text, e.g. `app=geo` or `env in (a,b)`.
        public var description: String {
            let list = values.joined(separator: ",")
            switch self.operator {
            case .exists: return key
            case .doesNotExist: return "!" + key
            case .equals, .doubleEquals, .notEquals: return key + self.operator.rawValue + (values.first ?? "")
            case .in: return "\(key) in (\(list))"
            case .notIn: return "\(key) notin (\(list))"
            case .greaterThan: return "\(key)>\(values.first ?? "")"
            case .lessThan: return "\(key)<\(values.first ?? "")"
            }
        }
    }

    /// The requirements, sorted by key.
    public private(set) var requirements: [Requirement]
    /// True for a selector built from an invalid spec: it matches nothing.
    private var matchesNothing = false

    /// The selector that matches everything.
    public static let everything = LabelSelector(requirements: [])

    /// Creates a selector from requirements.
    public init(requirements: [Requirement]) {
        self.requirements = Self.sorted(requirements)
    }

    /// Parses selector text as kubectl's `-l` and the API's `labelSelector` accept it.
    ///
    /// The empty (or all-whitespace) string matches everything. Throws a `SelectorError` whose message reads
    /// like Kubernetes', e.g. `unable to parse requirement: found '', expected: '('`.
    public init(parsing text: String) throws(SelectorError) {
        var parser = LabelSelectorParser(text)
        self.requirements = Self.sorted(try parser.parse())
    }

    /// Creates a selector from a `matchLabels`/`matchExpressions` spec.
    ///
    /// An expression with an unknown operator or invalid values makes a selector that matches nothing
    /// (Kubernetes rejects such specs at validation time); use `init(validating:)` to get the error.
    public init(_ spec: LabelSelectorSpec) {
        if let valid = try? LabelSelector(validating: spec) {
            self = valid
        } else {
            self.init(requirements: [])
            self.matchesNothing = true
        }
    }

    /// Creates an equality selector from a label map, e.g. a Service's `spec.selector`.
    public init(matchLabels: [String: String]) {
        self.init(LabelSelectorSpec(matchLabels: matchLabels))
    }

    /// Creates a selector from a spec, throwing for unknown operators or invalid keys and values.
    public init(validating spec: LabelSelectorSpec) throws(SelectorError) {
        var requirements: [Requirement] = []
        for (key, value) in spec.matchLabels ?? [:] {
            requirements.append(try Requirement(key: key, operator: .equals, values: [value]))
        }
        for expression in spec.matchExpressions ?? [] {
            let op: Operator
            switch expression.operator {
            case "In": op = .in
            case "NotIn": op = .notIn
            case "Exists": op = .exists
            case "DoesNotExist": op = .doesNotExist
            default: throw SelectorError("\"\(expression.operator)\" is not a valid label selector operator")
            }
            requirements.append(try Requirement(key: expression.key, operator: op, values: expression.values ?? []))
        }
        self.requirements = Self.sorted(requirements)
    }

    /// Whether the selector has no requirements (and so matches everything).
    public var isEmpty: Bool { requirements.isEmpty && !matchesNothing }

    /// Whether a set of labels satisfies every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        !matchesNothing && requirements.allSatisfy { $0.matches(labels) }
    }

    /// The canonical selector text, e.g. `app=geo,tier in (a,b)`; `""` for the empty selector.
    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }

    private static func sorted(_ requirements: [Requirement]) -> [Requirement] {
        requirements.enumerated()
            .sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
            .map(\.element)
    }
}
