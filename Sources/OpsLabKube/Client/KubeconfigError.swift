/// A kubeconfig file that is missing, unreadable, not a kubeconfig, or whose current context is incomplete.
public struct KubeconfigError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The file does not exist.
        case notFound
        /// The file exists but cannot be read.
        case unreadable
        /// The file cannot be written.
        case unwritable
        /// The file is not valid kubeconfig YAML.
        case invalid
        /// The current context, its cluster or its user is missing or lacks required fields.
        case incomplete
    }

    /// What went wrong.
    public var code: Code
    /// The file concerned.
    public var path: String
    /// A message for humans (kubectl-like wording where kubectl has one).
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    public init(code: Code, path: String, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.cause = cause
    }

    /// The message, followed by the cause when there is one.
    public var description: String {
        guard let cause else { return message }
        return "\(message): \(cause)"
    }
}
