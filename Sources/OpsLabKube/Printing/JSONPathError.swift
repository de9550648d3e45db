import OpsLabCore

/// A jsonpath template that failed to parse or to execute, worded like kubectl's errors.
public struct JSONPathError: Error, CustomStringConvertible, Sendable, Hashable {
    /// Whether parsing or execution failed.
    public enum Code: String, Sendable, Hashable {
        /// The template is malformed, e.g. `unclosed action`.
        case parse
        /// Evaluation failed, e.g. `foo is not found`.
        case execute
    }

    /// What failed.
    public var code: Code
    /// The short cause, e.g. `foo is not found` or `unterminated array`.
    public var message: String
    /// The template as the user wrote it.
    public var template: String
    /// For execution errors, the compact JSON of the object given to the engine (kubectl prints it).
    public var object: String?

    /// Creates an error.
    public init(code: Code, message: String, template: String, object: String? = nil) {
        self.code = code
        self.message = message
        self.template = template
        self.object = object
    }

    /// kubectl's text (without the leading `error: `).
    public var description: String {
        switch code {
        case .parse:
            return "error parsing jsonpath \(template), \(message)"
        case .execute:
            var text =
                "error executing jsonpath \"\(template)\": Error executing template: \(message). "
                + "Printing more information for debugging the template:\n\ttemplate was:\n\t\t\(template)\n"
            if let object { text += "\tobject given to jsonpath engine was:\n\t\t\(object)\n\n" }
            return text
        }
    }
}
