/// The tokens of label selector text, as Kubernetes' `labels` lexer produces them.
enum LabelSelectorToken: Equatable {
    case identifier(String)
    case doesNotExist
    case equals
    case doubleEquals
    case notEquals
    case greaterThan
    case lessThan
    case openParen
    case closeParen
    case comma
    case inKeyword
    case notInKeyword
    case end
    case error(String)

    /// The literal text of the token, for error messages.
    var literal: String {
        switch self {
        case .identifier(let text), .error(let text): return text
        case .doesNotExist: return "!"
        case .equals: return "="
        case .doubleEquals: return "=="
        case .notEquals: return "!="
        case .greaterThan: return ">"
        case .lessThan: return "<"
        case .openParen: return "("
        case .closeParen: return ")"
        case .comma: return ","
        case .inKeyword: return "in"
        case .notInKeyword: return "notin"
        case .end: return ""
        }
    }
}

/// Splits selector text into tokens; whitespace separates tokens and is otherwise ignored.
enum LabelSelectorLexer {
    static let specialCharacters: Set<Character> = ["=", "!", "(", ")", ",", ">", "<"]
    static let symbols: [String: LabelSelectorToken] = [
        "!": .doesNotExist, "=": .equals, "==": .doubleEquals, "!=": .notEquals, ">": .greaterThan,
        "<": .lessThan, "(": .openParen, ")": .closeParen, ",": .comma,
    ]

    static func tokens(_ text: String) -> [LabelSelectorToken] {
        var result: [LabelSelectorToken] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if specialCharacters.contains(character) {
                // Longest run of special characters that still forms a known symbol.
                var buffer = String(character)
                index += 1
                while index < characters.count, specialCharacters.contains(characters[index]),
                    symbols[buffer + String(characters[index])] != nil
                {
                    buffer.append(characters[index])
                    index += 1
                }
                guard let token = symbols[buffer] else {
                    result.append(.error(buffer))
                    return result
                }
                result.append(token)
            } else {
                var buffer = ""
                while index < characters.count, !characters[index].isWhitespace,
                    !specialCharacters.contains(characters[index])
                {
                    buffer.append(characters[index])
                    index += 1
                }
                switch buffer {
                case "in": result.append(.inKeyword)
                case "notin": result.append(.notInKeyword)
                default: result.append(.identifier(buffer))
                }
            }
        }
        result.append(.end)
        return result
    }
}
