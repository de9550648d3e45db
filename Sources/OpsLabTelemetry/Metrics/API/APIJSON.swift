/// A JSON value with ordered object members, rendered compactly as Prometheus renders its API responses.
enum APIJSON {
    case raw(String)
    case string(String)
    case array([APIJSON])
    case object([(String, APIJSON)])

    static func labels(_ labels: MetricLabels) -> APIJSON {
        .object(labels.labels.map { ($0.name, .string($0.value)) })
    }

    static func labels(_ dictionary: [String: String]) -> APIJSON {
        .object(dictionary.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }

    /// `[<seconds>, "<value>"]`
    static func point(_ timestampMs: Int64, _ value: Double) -> APIJSON {
        .array([
            .raw(SampleValueFormat.formatTimestamp(milliseconds: timestampMs)),
            .string(SampleValueFormat.format(value)),
        ])
    }

    static func number(_ value: Double) -> APIJSON {
        .raw(value.isFinite ? SampleValueFormat.format(value) : "0")
    }

    var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        switch self {
        case .raw(let text): out += text
        case .string(let text): Self.quote(text, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.render(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                Self.quote(member.0, into: &out)
                out += ":"
                member.1.render(into: &out)
            }
            out += "}"
        }
    }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
