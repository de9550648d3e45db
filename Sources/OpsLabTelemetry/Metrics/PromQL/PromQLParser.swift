/// Parses PromQL into a ``PromQLExpression``, with Prometheus's operator precedence and type checks.
///
/// Errors are ``PromQLError`` values of kind `bad_data` worded as Prometheus words them, e.g.
/// `1:5: parse error: unexpected end of input`.
public struct PromQLParser {
    static let aggregationNames: Set<String> = [
        "sum", "avg", "min", "max", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
    ]
    static let keywords: Set<String> = [
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless",
        "atan2",
    ]

    let query: String
    var tokens: [PromQLToken]
    var index = 0
    var nextSelectorID = 0

    /// Parses `query`.
    public static func parse(_ query: String) throws(PromQLError) -> PromQLExpression {
        var parser = PromQLParser(query: query, tokens: try PromQLLexer.tokenize(query))
        guard parser.current.kind != .end else { throw parser.error("no expression found in input", at: 0) }
        let expression = try parser.parseExpression(minPrecedence: 0)
        guard parser.current.kind == .end else { throw parser.unexpected() }
        return expression
    }

    var current: PromQLToken { tokens[index] }
    var peekNext: PromQLToken { tokens[min(index + 1, tokens.count - 1)] }

    mutating func advance() -> PromQLToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func error(_ message: String, at position: Int) -> PromQLError {
        PromQLError.parse(message, query: query, position: position)
    }

    func unexpected(_ context: String = "", expected: String = "") -> PromQLError {
        var message = "unexpected \(current.description)"
        if !context.isEmpty { message += " in \(context)" }
        if !expected.isEmpty { message += ", expected \(expected)" }
        return error(message, at: current.position)
    }

    mutating func expect(_ kind: PromQLToken.Kind, _ context: String, _ expected: String) throws(PromQLError) {
        guard current.kind == kind else { throw unexpected(context, expected: expected) }
        _ = advance()
    }

    /// The keyword an identifier token spells (lowercased), if it is one.
    func keyword(_ token: PromQLToken) -> String? {
        guard case .identifier(let name) = token.kind else { return nil }
        let lowered = name.lowercased()
        return Self.keywords.contains(lowered) ? lowered : nil
    }

    /// The binary operator at the current token and its precedence.
    func binaryOperator() -> (op: String, precedence: Int)? {
        switch current.kind {
        case .op(let symbol):
            switch symbol {
            case "==", "!=", "<", ">", "<=", ">=": return (symbol, 3)
            case "+", "-": return (symbol, 4)
            case "*", "/", "%": return (symbol, 5)
            case "^": return (symbol, 6)
            default: return nil
            }
        case .identifier:
            switch keyword(current) {
            case "or": return ("or", 1)
            case "and", "unless": return (keyword(current)!, 2)
            case "atan2": return ("atan2", 5)
            default: return nil
            }
        default: return nil
        }
    }

    mutating func parseExpression(minPrecedence: Int) throws(PromQLError) -> PromQLExpression {
        var lhs = try parseUnary()
        while let (op, precedence) = binaryOperator(), precedence >= minPrecedence {
            let opToken = advance()
            var returnBool = false
            if keyword(current) == "bool" {
                _ = advance()
                returnBool = true
            }
            let matching = try parseMatching()
            let rhs = try parseExpression(minPrecedence: op == "^" ? precedence : precedence + 1)
            lhs = try makeBinary(op, lhs, rhs, matching, returnBool, at: opToken.position)
        }
        return lhs
    }

    mutating func parseMatching() throws(PromQLError) -> VectorMatching {
        var matching = VectorMatching()
        guard let word = keyword(current), word == "on" || word == "ignoring" else { return matching }
        _ = advance()
        matching.on = word == "on"
        matching.labels = try parseLabelList()
        if let group = keyword(current), group == "group_left" || group == "group_right" {
            _ = advance()
            matching.cardinality = group == "group_left" ? .manyToOne : .oneToMany
            if current.kind == .leftParen { matching.include = try parseLabelList() }
        }
        return matching
    }

    mutating func parseLabelList() throws(PromQLError) -> [String] {
        try expect(.leftParen, "grouping opts", "\"(\"")
        var names: [String] = []
        while true {
            if current.kind == .rightParen {
                _ = advance()
                return names
            }
            guard case .identifier(let name) = current.kind, ExpositionParser.isValidLabelName(name) else {
                throw unexpected("grouping opts", expected: "label")
            }
            _ = advance()
            names.append(name)
            if current.kind == .comma {
                _ = advance()
            } else if current.kind != .rightParen {
                throw unexpected("grouping opts", expected: "\",\" or \")\"")
            }
        }
    }

    mutating func parseUnary() throws(PromQLError) -> PromQLExpression {
        if case .op(let symbol) = current.kind, symbol == "-" || symbol == "+" {
            let token = advance()
            let operand = try parseExpression(minPrecedence: 6)
            guard operand.valueType == .scalar || operand.valueType == .vector else {
                throw error(
                    "unary expression only allowed on expressions of type scalar or instant vector, got \"\(operand.valueType.rawValue)\"",
                    at: token.position)
            }
            if case .number(let value) = operand { return .number(symbol == "-" ? -value : value) }
            return .unary(negate: symbol == "-", operand)
        }
        return try parsePostfix(try parsePrimary())
    }

    mutating func parsePostfix(_ base: PromQLExpression) throws(PromQLError) -> PromQLExpression {
        var expression = base
        if current.kind == .leftBracket {
            let bracket = advance()
            guard case .duration(let range) = current.kind else {
                throw unexpected("range", expected: "duration")
            }
            _ = advance()
            if current.kind == .colon {
                _ = advance()
                var step: Int64 = 0
                if case .duration(let value) = current.kind {
                    step = value
                    _ = advance()
                }
                try expect(.rightBracket, "subquery selector", "\"]\"")
                guard expression.valueType == .vector else {
                    throw error(
                        "subquery is only allowed on instant vector, got \(expression.valueType.rawValue) instead",
                        at: bracket.position)
                }
                expression = .subquery(expression, rangeMs: range, stepMs: step, offsetMs: 0)
            } else {
                try expect(.rightBracket, "matrix selector", "\"]\"")
                guard case .vectorSelector(let selector) = expression, selector.offsetMs == 0 else {
                    throw error("ranges only allowed for vector selectors", at: bracket.position)
                }
                guard range > 0 else { throw error("range must be positive", at: bracket.position) }
                expression = .matrixSelector(selector, rangeMs: range)
            }
        }
        if keyword(current) == "offset" {
            let token = advance()
            var sign: Int64 = 1
            if case .op(let symbol) = current.kind, symbol == "-" || symbol == "+" {
                sign = symbol == "-" ? -1 : 1
                _ = advance()
            }
            guard case .duration(let offset) = current.kind else { throw unexpected("offset", expected: "duration") }
            _ = advance()
            switch expression {
            case .vectorSelector(var selector):
                selector.offsetMs = sign * offset
                expression = .vectorSelector(selector)
            case .matrixSelector(var selector, let range):
                selector.offsetMs = sign * offset
                expression = .matrixSelector(selector, rangeMs: range)
            case .subquery(let inner, let range, let step, _):
                expression = .subquery(inner, rangeMs: range, stepMs: step, offsetMs: sign * offset)
            default:
                throw error(
                    "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                    at: token.position)
            }
        }
        if case .op("@") = current.kind {
            throw error("@ modifier is not supported by this engine", at: current.position)
        }
        return expression
    }
}
