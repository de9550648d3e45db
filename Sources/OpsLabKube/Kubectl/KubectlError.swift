import Foundation

/// A kubectl failure whose text is printed to stderr as-is (exit code 1).
struct KubectlError: Error, CustomStringConvertible {
    /// The full line(s) to print, e.g. `error: the server doesn't have a resource type "foo"`.
    var text: String

    init(_ text: String) { self.text = text }

    /// An `error: …` line.
    static func error(_ message: String) -> KubectlError { KubectlError("error: \(message)") }

    var description: String { text }

    /// How kubectl prints any error: API statuses as `Error from server (Reason): …`.
    static func render(_ error: any Error, context: String = "") -> String {
        switch error {
        case let error as KubectlError:
            return error.text
        case let status as APIStatus:
            return renderStatus(status, context: context)
        case let connection as KubeConnectionError:
            return connection.description
        default:
            return "error: \(context)\(error)"
        }
    }

    /// `Error from server (NotFound): pods "x" not found`, with kubectl's special cases.
    static func renderStatus(_ status: APIStatus, context: String = "") -> String {
        if status.code == 401 || status.reason == "Unauthorized" {
            return "error: You must be logged in to the server (Unauthorized)"
        }
        if status.reason == "Invalid" || status.code == 422 {
            return renderInvalid(status, context: context)
        }
        if status.reason.isEmpty {
            return "Error from server: \(context)\(status.message)"
        }
        return "Error from server (\(status.reason)): \(context)\(status.message)"
    }

    /// kubectl's rendering of an Invalid status: `The Deployment "geo" is invalid: field: message` for one
    /// cause, and one `* field: message` line per cause when there are several.
    private static func renderInvalid(_ status: APIStatus, context: String) -> String {
        guard let details = status.details else { return "\(context)The request is invalid" }
        let kind = details["kind"]?.stringValue ?? ""
        let name = details["name"]?.stringValue ?? ""
        let subject = kind.isEmpty && name.isEmpty ? "The request is invalid" : "The \(kind) \"\(name)\" is invalid"
        let causes = (details["causes"]?.arrayValue ?? []).map { cause -> String in
            let field = cause["field"]?.stringValue ?? ""
            let message = cause["message"]?.stringValue ?? ""
            return field.isEmpty ? message : "\(field): \(message)"
        }
        switch causes.count {
        case 0: return "\(context)\(subject)"
        case 1: return "\(context)\(subject): \(causes[0])"
        default: return "\(context)\(subject): \n" + causes.map { "* \($0)" }.joined(separator: "\n")
        }
    }
}

/// Collects what a command writes; one per invocation, never shared across tasks.
final class KubectlOutput {
    var stdout = ""
    var stderr = ""
    var failed = false

    /// Writes a line to stdout.
    func line(_ text: String) { stdout += text + "\n" }
    /// Writes text to stdout as-is.
    func write(_ text: String) { stdout += text }
    /// Writes a line to stderr (a warning or note; does not change the exit code).
    func note(_ text: String) { stderr += text + "\n" }
    /// Writes an error to stderr and marks the command failed.
    func fail(_ error: any Error, context: String = "") {
        stderr += KubectlError.render(error, context: context) + "\n"
        failed = true
    }
}
