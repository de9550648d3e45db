extension PromQLParser {
    mutating func parsePrimary() throws(PromQLError) -> PromQLExpression {
        let token = current
        switch token.kind {
        case .number(let value):
            _ = advance()
            return .number(value)
        case .string(let value):
            _ = advance()
            return .string(value)
        case .leftParen:
            _ = advance()
            let inner = try parseExpression(minPrecedence: 0)
            try expect(.rightParen, "paren expression", "\")\"")
            return .paren(inner)
        case .leftBrace:
            return try parseSelector(name: nil, at: token.position)
        case .identifier(let name):
            if PromQLParser.aggregationNames.contains(name.lowercased()) {
                if peekNext.kind == .leftParen || ["by", "without"].contains(keyword(peekNext) ?? "") {
                    return try parseAggregation()
                }
            }
            if peekNext.kind == .leftParen {
                return try parseCall()
            }
            if keyword(token) != nil { throw unexpected() }
            _ = advance()
            return try parseSelector(name: name, at: token.position)
        default:
            throw unexpected()
        }
    }

    mutating func parseSelector(name: String?, at position: Int) throws(PromQLError) -> PromQLExpression {
        var matchers: [LabelMatcher] = []
        if let name { matchers.append(.equal(MetricLabels.metricNameLabel, name)) }
        if current.kind == .leftBrace {
            _ = advance()
            while current.kind != .rightBrace {
                guard case .identifier(let label) = current.kind else {
                    throw unexpected("label matching", expected: "identifier or \"}\"")
                }
                _ = advance()
                guard case .op(let symbol) = current.kind, let type = LabelMatcher.MatchType(rawValue: symbol) else {
                    throw unexpected("label matching", expected: "label matching operator")
                }
                _ = advance()
                guard case .string(let value) = current.kind else {
                    throw unexpected("label matching", expected: "string")
                }
                let valueToken = advance()
                if label == MetricLabels.metricNameLabel && name != nil {
                    throw error("metric name must not be set twice: \"\(name!)\" or \"\(value)\"", at: position)
                }
                do {
                    matchers.append(try LabelMatcher(label, type, value))
                } catch {
                    throw self.error(error.message, at: valueToken.position)
                }
                if current.kind == .comma {
                    _ = advance()
                } else if current.kind != .rightBrace {
                    throw unexpected("label matching", expected: "\",\" or \"}\"")
                }
            }
            _ = advance()
        }
        guard matchers.contains(where: { !$0.matchesEmpty }) else {
            throw error("vector selector must contain at least one non-empty matcher", at: position)
        }
        nextSelectorID += 1
        return .vectorSelector(VectorSelector(name: name, matchers: matchers, offsetMs: 0, id: nextSelectorID))
    }

    mutating func parseAggregation() throws(PromQLError) -> PromQLExpression {
        let opToken = advance()
        guard case .identifier(let rawName) = opToken.kind else { throw unexpected() }
        let op = rawName.lowercased()
        var grouping: [String] = []
        var without = false
        var groupingGiven = false
        if let word = keyword(current), word == "by" || word == "without" {
            _ = advance()
            without = word == "without"
            grouping = try parseLabelList()
            groupingGiven = true
        }
        try expect(.leftParen, "aggregation", "\"(\"")
        var arguments: [PromQLExpression] = []
        while current.kind != .rightParen {
            arguments.append(try parseExpression(minPrecedence: 0))
            if current.kind == .comma {
                _ = advance()
            } else if current.kind != .rightParen {
                throw unexpected("aggregation", expected: "\",\" or \")\"")
            }
        }
        _ = advance()
        if !groupingGiven, let word = keyword(current), word == "by" || word == "without" {
            _ = advance()
            without = word == "without"
            grouping = try parseLabelList()
        }
        let takesParameter = ["topk", "bottomk", "quantile", "count_values"].contains(op)
        guard arguments.count == (takesParameter ? 2 : 1) else {
            throw error(
                "wrong number of arguments for aggregate expression provided, expected \(takesParameter ? 2 : 1), got \(arguments.count)",
                at: opToken.position)
        }
        let expr = arguments[arguments.count - 1]
        guard expr.valueType == .vector else {
            throw error(
                "expected type instant vector in aggregation expression, got \(expr.valueType.rawValue)",
                at: opToken.position)
        }
        let parameter = takesParameter ? arguments[0] : nil
        if let parameter {
            let wanted: PromQLValueType = op == "count_values" ? .string : .scalar
            guard parameter.valueType == wanted else {
                throw error(
                    "expected type \(wanted.rawValue) in aggregation parameter, got \(parameter.valueType.rawValue)",
                    at: opToken.position)
            }
        }
        return .aggregate(op: op, expr: expr, parameter: parameter, grouping: grouping, without: without)
    }

    mutating func parseCall() throws(PromQLError) -> PromQLExpression {
        let nameToken = advance()
        guard case .identifier(let name) = nameToken.kind else { throw unexpected() }
        guard let signature = PromQLFunctions.signatures[name] else {
            throw error("unknown function with name \"\(name)\"", at: nameToken.position)
        }
        _ = advance()
        var arguments: [PromQLExpression] = []
        while current.kind != .rightParen {
            arguments.append(try parseExpression(minPrecedence: 0))
            if current.kind == .comma {
                _ = advance()
            } else if current.kind != .rightParen {
                throw unexpected("function call", expected: "\",\" or \")\"")
            }
        }
        _ = advance()
        let required = signature.arguments.count - signature.optional
        let tooMany = !signature.variadic && arguments.count > signature.arguments.count
        if arguments.count < required || tooMany {
            throw error(
                "expected \(required) argument(s) in call to \"\(name)\", got \(arguments.count)",
                at: nameToken.position)
        }
        for (position, argument) in arguments.enumerated() {
            let wanted = signature.arguments[min(position, signature.arguments.count - 1)]
            guard argument.valueType == wanted else {
                throw error(
                    "expected type \(wanted.rawValue) in call to function \"\(name)\", got \(argument.valueType.rawValue)",
                    at: nameToken.position)
            }
        }
        return .call(name, arguments)
    }

    func makeBinary(
        _ op: String, _ lhs: PromQLExpression, _ rhs: PromQLExpression, _ matching: VectorMatching, _ returnBool: Bool,
        at position: Int
    ) throws(PromQLError) -> PromQLExpression {
        let comparison = ["==", "!=", "<", ">", "<=", ">="].contains(op)
        let setOperator = ["and", "or", "unless"].contains(op)
        for side in [lhs, rhs] where side.valueType != .scalar && side.valueType != .vector {
            throw error("binary expression must contain only scalar and instant vector types", at: position)
        }
        let bothVectors = lhs.valueType == .vector && rhs.valueType == .vector
        if returnBool && !comparison {
            throw error("bool modifier can only be used on comparison operators", at: position)
        }
        if comparison && !returnBool && lhs.valueType == .scalar && rhs.valueType == .scalar {
            throw error("comparisons between scalars must use BOOL modifier", at: position)
        }
        if setOperator && !bothVectors {
            throw error("set operator \"\(op)\" not allowed in binary scalar expression", at: position)
        }
        if !bothVectors && (matching.on || !matching.labels.isEmpty || matching.cardinality != .oneToOne) {
            throw error("vector matching only allowed between instant vectors", at: position)
        }
        if setOperator && matching.cardinality != .oneToOne {
            throw error("no grouping allowed for \"\(op)\" operation", at: position)
        }
        return .binary(op: op, lhs: lhs, rhs: rhs, matching: matching, returnBool: returnBool)
    }
}
