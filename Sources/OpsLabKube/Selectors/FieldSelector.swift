import OpsLabCore

/// A field selector as the API and kubectl accept it: `metadata.name=geo,status.phase!=Running`.
///
/// Each requirement names a dotted path into the object (`spec.nodeName`, `involvedObject.kind`); a missing
/// field compares as `""`. Requirements are ANDed; the empty selector matches everything. Values may escape
/// `\,`, `\=`, `\!` and `\\` as Kubernetes' `fields.EscapeValue` does.
public struct FieldSelector: Sendable, Hashable, CustomStringConvertible {
    /// One `field=value` or `field!=value` term.
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        /// The dotted field path, e.g. `metadata.name`.
        public var field: String
        /// Whether the term is `!=` (otherwise `=` or `==`).
        public var negated: Bool
        /// The value to compare with.
        public var value: String

        /// Creates a requirement.
        public init(field: String, negated: Bool = false, value: String) {
            self.field = field
            self.negated = negated
            self.value = value
        }

        /// `=` or `!=`.
        public var op: String { negated ? "!=" : "=" }

        /// Whether an object satisfies the term.
        public func matches(_ object: JSONValue) -> Bool {
            (FieldSelector.fieldValue(object, path: field) == value) != negated
        }

        /// The term as selector text, with the value escaped.
        public var description: String { field + op + FieldSelector.escape(value) }
    }

    /// The terms, sorted as Kubernetes sorts them.
    public private(set) var requirements: [Requirement]

    /// The selector that matches everything.
    public static let everything = FieldSelector(requirements: [])

    /// Creates a selector from terms.
    public init(requirements: [Requirement]) {
        self.requirements = requirements.sorted { $0.description < $1.description }
    }

    /// Parses selector text. Throws `invalid selector: '<text>'; can't understand '<term>'` for a term without
    /// an operator.
    public init(parsing text: String) throws(SelectorError) {
        var requirements: [Requirement] = []
        for term in Self.splitTerms(text) {
            let trimmed = term.trimmedForSelector
            if trimmed.isEmpty { continue }
            guard let (field, negated, rawValue) = Self.splitTerm(trimmed) else {
                throw SelectorError("invalid selector: '\(text)'; can't understand '\(term)'")
            }
            let value = try Self.unescape(rawValue)
            requirements.append(Requirement(field: field.trimmedForSelector, negated: negated, value: value))
        }
        self.init(requirements: requirements)
    }

    /// Whether the selector has no terms.
    public var isEmpty: Bool { requirements.isEmpty }

    /// Whether an object satisfies every term.
    public func matches(_ object: JSONValue) -> Bool {
        requirements.allSatisfy { $0.matches(object) }
    }

    /// The value an equality term requires for a field, e.g. `value(for: "metadata.name")`; `nil` if none.
    public func value(for field: String) -> String? {
        requirements.first { $0.field == field && !$0.negated }?.value
    }

    /// The canonical text: terms sorted and joined by `,`.
    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }

    /// The first field that is not in `supported`, for the API server's
    /// `field label not supported: <field>` error; `nil` when all are supported.
    public func unsupportedField(supported: Set<String>) -> String? {
        requirements.first { !supported.contains($0.field) }?.field
    }

    /// The string form of the value at a dotted path: strings as-is, numbers and booleans as text,
    /// missing or null as `""`.
    public static func fieldValue(_ object: JSONValue, path: String) -> String {
        let keys = path.split(separator: ".").map(String.init)
        switch object[path: keys] {
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        case .double(let number)?: return number.rounded() == number ? String(Int64(number)) : String(number)
        case .bool(let flag)?: return flag ? "true" : "false"
        case .array(let items)?:
            return items.compactMap { $0.stringValue }.joined(separator: ",")
        case .object?, .null?, nil: return ""
        }
    }

    /// Escapes `\`, `,` and `=` in a value so it can be embedded in selector text.
    public static func escape(_ value: String) -> String {
        var result = ""
        for character in value {
            if character == "\\" || character == "," || character == "=" { result.append("\\") }
            result.append(character)
        }
        return result
    }

    static func unescape(_ value: String) throws(SelectorError) -> String {
        var result = ""
        var escaping = false
        for character in value {
            if escaping {
                guard ["\\", ",", "=", "!"].contains(character) else {
                    throw SelectorError("invalid field selector: invalid escape sequence: \\\(character)")
                }
                result.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "," || character == "=" {
                throw SelectorError("invalid field selector: unescaped '\(character)' in value '\(value)'")
            } else {
                result.append(character)
            }
        }
        if escaping { throw SelectorError("invalid field selector: trailing backslash in value '\(value)'") }
        return result
    }

    /// Splits on commas that are not escaped.
    static func splitTerms(_ text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var escaping = false
        for character in text {
            if escaping {
                current.append(character)
                escaping = false
            } else if character == "\\" {
                current.append(character)
                escaping = true
            } else if character == "," {
                terms.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        terms.append(current)
        return terms
    }

    /// Splits `field<op>value` at the first unescaped operator (`!=`, `==`, then `=`).
    static func splitTerm(_ term: String) -> (String, Bool, String)? {
        let characters = Array(term)
        var escaping = false
        for index in characters.indices {
            if escaping {
                escaping = false
                continue
            }
            if characters[index] == "\\" {
                escaping = true
                continue
            }
            let rest = characters[index...]
            for (op, negated) in [("!=", true), ("==", false), ("=", false)] where rest.starts(with: op) {
                let field = String(characters[..<index])
                let value = String(characters[(index + op.count)...])
                return (field, negated, value)
            }
        }
        return nil
    }
}

extension String {
    var trimmedForSelector: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
