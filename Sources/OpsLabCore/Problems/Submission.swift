import Foundation

/// A validated answer to a task, as given to `submit`.
///
/// AIOpsLab accepts any `submit` call and lets the evaluator call malformed answers "Invalid Format";
/// OpsLab instead rejects a malformed answer with an explanation, so the agent can correct it and the
/// episode continues. Answers compare leniently: "yes"/" No " work for detection, menu strings match
/// case-insensitively for analysis, and a single string counts as a one-element localization list.
public enum Submission: Sendable, Hashable {
    /// Detection: `submit("Yes")` → `true`, `submit("No")` → `false`.
    case detection(hasAnomaly: Bool)
    /// Localization: the faulty components, most likely first; empty means "no fault".
    case localization([String])
    /// Analysis: the root cause, or `nil` for `submit()` ("no fault").
    case analysis(AnalysisAnswer?)
    /// Mitigation: `submit()`; the live state is judged, any arguments are ignored as in the original.
    case mitigation

    /// Validates `answer` (the submit argument, `.null` when omitted) for `task`.
    public init(task: TaskKind, answer: JSONValue) throws(ActionParseError) {
        switch task {
        case .detection:
            guard let text = answer.stringValue else {
                throw Self.invalid(
                    task, "The detection answer must be the string \"Yes\" or \"No\", got \(Self.show(answer)).")
            }
            switch text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
            case "yes": self = .detection(hasAnomaly: true)
            case "no": self = .detection(hasAnomaly: false)
            default: throw Self.invalid(task, "The detection answer must be \"Yes\" or \"No\", got \"\(text)\".")
            }
        case .localization:
            self = .localization(try Self.components(answer))
        case .analysis:
            self = .analysis(try Self.analysis(answer))
        case .mitigation:
            self = .mitigation
        }
    }

    /// The task the submission answers.
    public var task: TaskKind {
        switch self {
        case .detection: return .detection
        case .localization: return .localization
        case .analysis: return .analysis
        case .mitigation: return .mitigation
        }
    }

    /// The solution as AIOpsLab records it: `"Yes"`/`"No"`, a list of strings, an analysis object or null.
    public var json: JSONValue {
        switch self {
        case .detection(let yes): return .string(yes ? "Yes" : "No")
        case .localization(let names): return .array(names.map(JSONValue.string))
        case .analysis(let answer?): return answer.json
        case .analysis(nil), .mitigation: return .null
        }
    }

    /// One correct submit call for the task, e.g. `submit("Yes")`.
    public static func example(for task: TaskKind) -> String {
        switch task {
        case .detection: return #"submit("Yes")"#
        case .localization: return #"submit(["service-a", "service-b"])"#
        case .analysis: return #"submit({"system_level": "Application", "fault_type": "Misconfiguration"})"#
        case .mitigation: return "submit()"
        }
    }

    private static func components(_ answer: JSONValue) throws(ActionParseError) -> [String] {
        let items: [JSONValue]
        switch answer {
        case .string: items = [answer]
        case .array(let values): items = values
        case .null: items = []
        default:
            throw invalid(
                .localization, "The localization answer must be a list of service names, got \(show(answer)).")
        }
        var names: [String] = []
        for (index, item) in items.enumerated() {
            guard let name = item.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines) else {
                throw invalid(
                    .localization, "Item \(index + 1) of the localization answer must be a string, got \(show(item)).")
            }
            guard !name.isEmpty else {
                throw invalid(
                    .localization,
                    "Item \(index + 1) of the localization answer is empty; use submit([]) for no fault.")
            }
            names.append(name)
        }
        return names
    }

    private static func analysis(_ answer: JSONValue) throws(ActionParseError) -> AnalysisAnswer? {
        if answer.isNull { return nil }
        guard let members = answer.objectValue else {
            throw invalid(
                .analysis,
                "The analysis answer must be an object with keys \"system_level\" and \"fault_type\", "
                    + "got \(show(answer)).")
        }
        let extra = members.keys.filter { $0 != "system_level" && $0 != "fault_type" }.sorted()
        guard extra.isEmpty else {
            let names = extra.map { "\"\($0)\"" }.joined(separator: ", ")
            throw invalid(
                .analysis,
                "Unexpected key(s) \(names) in the analysis answer; use only \"system_level\" and \"fault_type\".")
        }
        let levels = SystemLevel.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        let types = FaultType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let levelText = members["system_level"]?.stringValue else {
            throw invalid(.analysis, "The analysis answer needs \"system_level\" as a string, one of \(levels).")
        }
        guard let level = SystemLevel(answer: levelText) else {
            throw invalid(.analysis, "\"\(levelText)\" is not a system level; use one of \(levels).")
        }
        guard let typeText = members["fault_type"]?.stringValue else {
            throw invalid(.analysis, "The analysis answer needs \"fault_type\" as a string, one of \(types).")
        }
        guard let type = FaultType(answer: typeText) else {
            throw invalid(.analysis, "\"\(typeText)\" is not a fault type; use one of \(types).")
        }
        return AnalysisAnswer(systemLevel: level, faultType: type)
    }

    private static func invalid(_ task: TaskKind, _ message: String) -> ActionParseError {
        ActionParseError(.invalidSubmission, message, example: example(for: task))
    }

    static func show(_ value: JSONValue) -> String {
        "\(value.typeName) \(value.jsonString())"
    }
}

/// A root-cause answer: one system level and one fault type from the original menus.
public struct AnalysisAnswer: Sendable, Hashable, Codable {
    /// The system level.
    public var systemLevel: SystemLevel
    /// The fault type.
    public var faultType: FaultType

    /// Creates an answer.
    public init(systemLevel: SystemLevel, faultType: FaultType) {
        self.systemLevel = systemLevel
        self.faultType = faultType
    }

    /// `{"system_level": …, "fault_type": …}`.
    public var json: JSONValue {
        ["system_level": .string(systemLevel.rawValue), "fault_type": .string(faultType.rawValue)]
    }
}
