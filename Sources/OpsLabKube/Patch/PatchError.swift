/// A patch that could not be applied, with a message worded like the API server's.
public struct PatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// The patch document itself is malformed (not an array of operations, missing fields, bad pointer).
        case malformed
        /// The patch refers to a location that does not exist in the target.
        case missingPath
        /// A JSON Patch `test` operation failed.
        case testFailed
        /// The patch is well formed but cannot be applied to this target (e.g. a missing merge key).
        case unprocessable
    }

    /// What kind of failure this is.
    public var code: Code
    /// The message for humans.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The error as the API server answers it: 400 BadRequest for a malformed patch, else 422 Invalid.
    public var status: APIStatus {
        switch code {
        case .malformed: return .badRequest(message)
        case .missingPath, .testFailed, .unprocessable:
            return APIStatus(code: 422, reason: "Invalid", message: message)
        }
    }
}
