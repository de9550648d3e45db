/// A token of a PromQL expression.
struct PromQLToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case number(Double)
        case duration(Int64)
        case string(String)
        case op(String)
        case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket, comma, colon
        case end
    }

    let kind: Kind
    /// Byte offset of the token in the query.
    let position: Int
    /// The source text of the token.
    let text: String

    /// How Prometheus's parser names the token in "unexpected …" errors.
    var description: String {
        switch kind {
        case .identifier(let name):
            if PromQLParser.aggregationNames.contains(name.lowercased()) { return "<aggr:\(name)>" }
            if PromQLParser.keywords.contains(name.lowercased()) { return "<\(name)>" }
            return "identifier \"\(name)\""
        case .number: return "number \"\(text)\""
        case .duration: return "duration \"\(text)\""
        case .string: return "string \(text)"
        case .op(let symbol): return "<op:\(symbol)>"
        case .leftParen: return "\"(\""
        case .rightParen: return "\")\""
        case .leftBrace: return "\"{\""
        case .rightBrace: return "\"}\""
        case .leftBracket: return "\"[\""
        case .rightBracket: return "\"]\""
        case .comma: return "\",\""
        case .colon: return "\":\""
        case .end: return "end of input"
        }
    }
}
