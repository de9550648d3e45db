import Foundation
import OpsLabCore

/// The `Status` an exec stream ends with on channel 3, and how kubectl reads it.
///
/// The server side writes these exactly as the kubelet does; the client side turns them into what kubectl
/// prints: nothing for success, `command terminated with exit code N` (exit N) for a non-zero exit, and
/// `error: <message>` (exit 1) for any other failure.
public enum WebSocketExecStatus: Sendable, Hashable {
    /// The command exited 0.
    case success
    /// The command ran and exited with a non-zero code.
    case exitCode(Int32, message: String)
    /// The command could not run (e.g. the executable was not found), or the stream failed.
    case failure(message: String)

    /// `{"metadata":{},"status":"Success"}`.
    public static let successJSON = #"{"metadata":{},"status":"Success"}"#

    /// The kubelet's Status for a non-zero exit of `command`.
    public static func nonZeroExitJSON(command: [String], exitCode: Int32) -> String {
        let message =
            "command terminated with non-zero exit code: error executing command "
            + "[\(command.joined(separator: " "))], exit code \(exitCode)"
        return #"{"metadata":{},"status":"Failure","message":"#
            + quoted(message)
            + #","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":""#
            + "\(exitCode)\"}]}}"
    }

    /// The kubelet's Status for a command that could not be run: `apierrors.NewInternalError(cause)`.
    public static func internalErrorJSON(cause: String) -> String {
        let wrapped = "error executing command in container: \(cause)"
        return #"{"metadata":{},"status":"Failure","message":"#
            + quoted("Internal error occurred: \(wrapped)")
            + #","reason":"InternalError","details":{"causes":[{"message":"#
            + quoted(wrapped) + #"}]},"code":500}"#
    }

    /// Reads the Status JSON received on the error channel; an empty payload means success.
    public init(payload: [UInt8]) {
        guard !payload.isEmpty else {
            self = .success
            return
        }
        guard let json = try? JSONValue(parsing: Data(payload)) else {
            let text = String(decoding: payload, as: UTF8.self)
            self = .failure(message: "error stream protocol error: invalid status \(text)")
            return
        }
        let message = json["message"]?.stringValue ?? ""
        switch json["status"]?.stringValue {
        case "Success":
            self = .success
        case "Failure":
            if json["reason"]?.stringValue == "NonZeroExitCode" {
                let causes = json[path: ["details", "causes"]]?.arrayValue ?? []
                let code = causes.first { $0["reason"]?.stringValue == "ExitCode" }?["message"]?.stringValue
                if let code, let value = Int32(code) {
                    self = .exitCode(value, message: message)
                } else {
                    self = .failure(message: "error stream protocol error: invalid exit code value \(code ?? "")")
                }
            } else {
                self = .failure(message: message)
            }
        default:
            self = .failure(message: "error stream protocol error: unknown error")
        }
    }

    /// What kubectl prints on stderr for this outcome (empty for success), without the trailing newline.
    public var kubectlMessage: String {
        switch self {
        case .success: return ""
        case .exitCode(let code, _): return "command terminated with exit code \(code)"
        case .failure(let message): return "error: \(message)"
        }
    }

    /// kubectl's exit code for this outcome.
    public var kubectlExitCode: Int32 {
        switch self {
        case .success: return 0
        case .exitCode(let code, _): return code
        case .failure: return 1
        }
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        JSONValue.string(text).jsonString()
    }
}
