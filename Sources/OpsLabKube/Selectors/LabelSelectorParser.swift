/// A recursive-descent parser for label selector text, following Kubernetes' `labels.Parse`.
struct LabelSelectorParser {
    private var tokens: [LabelSelectorToken]
    private var position = 0

    init(_ text: String) {
        tokens = LabelSelectorLexer.tokens(text)
    }

    /// Parses the whole text into requirements (unsorted).
    mutating func parse() throws(SelectorError) -> [LabelSelector.Requirement] {
        var requirements: [LabelSelector.Requirement] = []
        while true {
            switch lookahead() {
            case .identifier, .doesNotExist:
                do {
                    requirements.append(try parseRequirement())
                } catch {
                    throw SelectorError("unable to parse requirement: \(error.message)")
                }
                let separator = consume()
                switch separator {
                case .end:
                    return requirements
                case .comma:
                    switch lookahead() {
                    case .identifier, .doesNotExist: continue
                    default:
                        throw SelectorError("found '\(lookahead().literal)', expected: identifier after ','")
                    }
                default:
                    throw SelectorError("found '\(separator.literal)', expected: ',' or 'end of string'")
                }
            case .end:
                return requirements
            default:
                throw SelectorError("found '\(lookahead().literal)', expected: !, identifier, or 'end of string'")
            }
        }
    }

    private func lookahead() -> LabelSelectorToken {
        tokens[min(position, tokens.count - 1)]
    }

    private mutating func consume() -> LabelSelectorToken {
        let token = lookahead()
        position += 1
        return token
    }

    /// A token read where a value is expected: keywords count as plain identifiers there.
    private static func valueText(_ token: LabelSelectorToken) -> String? {
        switch token {
        case .identifier(let text): return text
        case .inKeyword, .notInKeyword: return token.literal
        default: return nil
        }
    }

    private mutating func parseRequirement() throws(SelectorError) -> LabelSelector.Requirement {
        var token = consume()
        var negated = false
        if token == .doesNotExist {
            negated = true
            token = consume()
        }
        guard case .identifier(let key) = token else {
            throw SelectorError("found '\(token.literal)', expected: identifier")
        }
        let next = lookahead()
        if negated || next == .end || next == .comma {
            return try LabelSelector.Requirement(key: key, operator: negated ? .doesNotExist : .exists, values: [])
        }
        let operatorToken = consume()
        let op: LabelSelector.Operator
        switch operatorToken {
        case .inKeyword: op = .in
        case .notInKeyword: op = .notIn
        case .equals: op = .equals
        case .doubleEquals: op = .doubleEquals
        case .notEquals: op = .notEquals
        case .greaterThan: op = .greaterThan
        case .lessThan: op = .lessThan
        default:
            let expected = "in, notin, =, ==, !=, gt, lt"
            if operatorToken.literal.isEmpty {
                throw SelectorError("found '', expected: \(expected)")
            }
            throw SelectorError("invalid operator '\(operatorToken.literal)', expected: \(expected)")
        }
        let values: [String]
        switch op {
        case .in, .notIn: values = try parseValueList()
        default: values = try parseExactValue()
        }
        return try LabelSelector.Requirement(key: key, operator: op, values: values)
    }

    private mutating func parseExactValue() throws(SelectorError) -> [String] {
        let next = lookahead()
        if next == .end || next == .comma { return [""] }
        let token = consume()
        guard let value = Self.valueText(token) else {
            throw SelectorError("found '\(token.literal)', expected: identifier")
        }
        return [value]
    }

    private mutating func parseValueList() throws(SelectorError) -> [String] {
        let open = consume()
        guard open == .openParen else {
            throw SelectorError("found '\(open.literal)' expected: '('")
        }
        let first = lookahead()
        if first == .closeParen {
            _ = consume()
            return [""]
        }
        guard Self.valueText(first) != nil || first == .comma else {
            throw SelectorError("found '\(first.literal)', expected: ',', ')' or identifier")
        }
        var values: Set<String> = []
        var expectValue = true
        while true {
            let token = consume()
            if let value = Self.valueText(token), expectValue {
                values.insert(value)
                expectValue = false
                let next = lookahead()
                if next != .comma && next != .closeParen {
                    throw SelectorError("found '\(next.literal)', expected: ',' or ')'")
                }
            } else if token == .comma {
                if expectValue { values.insert("") }
                expectValue = true
                if lookahead() == .closeParen { values.insert("") }
            } else if token == .closeParen {
                return values.sorted()
            } else {
                throw SelectorError("found '\(token.literal)', expected: ',', or identifier")
            }
        }
    }
}
