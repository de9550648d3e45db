import OpsLabCore

/// A failed API call as Kubernetes reports it: a `meta.k8s.io/v1` Status with code, reason and message.
public struct APIStatus: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code, e.g. 404.
    public var code: Int
    /// The machine-readable reason, e.g. `NotFound`, `AlreadyExists`, `Invalid`, `Conflict`.
    public var reason: String
    /// The message for humans, e.g. `pods "x" not found`.
    public var message: String
    /// `details` of the Status (name, group, kind, causes), if any.
    public var details: JSONValue?

    /// Creates a status error.
    public init(code: Int, reason: String, message: String, details: JSONValue? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    public var description: String { message }

    /// The Status object as JSON.
    public var json: JSONValue {
        var status: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(Int64(code)),
        ]
        if let details { status["details"] = details }
        return status
    }

    /// Reads a Status object; `nil` when the JSON is not one.
    public init?(json: JSONValue) {
        guard json["kind"]?.stringValue == "Status", let code = json["code"]?.intValue else { return nil }
        self.code = Int(code)
        self.reason = json["reason"]?.stringValue ?? ""
        self.message = json["message"]?.stringValue ?? ""
        self.details = json["details"]
    }

    /// 404 NotFound: `pods "x" not found`.
    public static func notFound(_ type: ResourceType, name: String) -> APIStatus {
        APIStatus(
            code: 404, reason: "NotFound", message: "\(type.qualifiedPlural) \"\(name)\" not found",
            details: ["name": .string(name), "group": .string(type.group), "kind": .string(type.plural)]
        )
    }

    /// 409 AlreadyExists: `pods "x" already exists`.
    public static func alreadyExists(_ type: ResourceType, name: String) -> APIStatus {
        APIStatus(
            code: 409, reason: "AlreadyExists", message: "\(type.qualifiedPlural) \"\(name)\" already exists",
            details: ["name": .string(name), "group": .string(type.group), "kind": .string(type.plural)]
        )
    }

    /// 409 Conflict on a stale resourceVersion.
    public static func conflict(_ type: ResourceType, name: String) -> APIStatus {
        APIStatus(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(type.qualifiedPlural) \"\(name)\": the object has been "
                + "modified; please apply your changes to the latest version and try again",
            details: ["name": .string(name), "group": .string(type.group), "kind": .string(type.plural)]
        )
    }

    /// 422 Invalid with field causes, as the API server words it: `Deployment.apps "geo" is invalid: spec.replicas: …`
    /// (core kinds without a group: `Pod "x" is invalid: …`; several causes in brackets, comma-separated).
    ///
    /// kubectl renders such a Status from `details` as `The Deployment "geo" is invalid: …`.
    public static func invalid(kind: String, group: String, name: String, causes: [FieldError]) -> APIStatus {
        let rendered = causes.map(\.description)
        let qualifiedKind = group.isEmpty ? kind : "\(kind).\(group)"
        let message: String
        switch rendered.count {
        case 0: message = "\(qualifiedKind) \"\(name)\" is invalid"
        case 1: message = "\(qualifiedKind) \"\(name)\" is invalid: \(rendered[0])"
        default: message = "\(qualifiedKind) \"\(name)\" is invalid: [\(rendered.joined(separator: ", "))]"
        }
        let causeJSON: [JSONValue] = causes.map {
            ["reason": .string($0.type.reason), "message": .string($0.detailMessage), "field": .string($0.field)]
        }
        return APIStatus(
            code: 422, reason: "Invalid", message: message,
            details: [
                "name": .string(name), "group": .string(group), "kind": .string(kind), "causes": .array(causeJSON),
            ]
        )
    }

    /// 400 BadRequest.
    public static func badRequest(_ message: String) -> APIStatus {
        APIStatus(code: 400, reason: "BadRequest", message: message)
    }

    /// 401 Unauthorized.
    public static let unauthorized = APIStatus(code: 401, reason: "Unauthorized", message: "Unauthorized")

    /// 405 MethodNotAllowed.
    public static func methodNotAllowed(_ message: String) -> APIStatus {
        APIStatus(code: 405, reason: "MethodNotAllowed", message: message)
    }

    /// 415 UnsupportedMediaType.
    public static func unsupportedMediaType(_ contentType: String) -> APIStatus {
        APIStatus(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
                + "application/strategic-merge-patch+json (got \(contentType))"
        )
    }

    /// 500 InternalError.
    public static func internalError(_ message: String) -> APIStatus {
        APIStatus(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }
}

/// One invalid field of an object, as Kubernetes' field validation reports it.
public struct FieldError: Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum ErrorType: Sendable, Hashable {
        case required
        case invalid(JSONValue)
        case notSupported(JSONValue, [String])
        case duplicate(JSONValue)
        case forbidden
        case unknownField

        /// The Status cause reason, e.g. `FieldValueRequired`.
        public var reason: String {
            switch self {
            case .required: return "FieldValueRequired"
            case .invalid: return "FieldValueInvalid"
            case .notSupported: return "FieldValueNotSupported"
            case .duplicate: return "FieldValueDuplicate"
            case .forbidden: return "FieldValueForbidden"
            case .unknownField: return "FieldValueInvalid"
            }
        }
    }

    /// The field path, e.g. `spec.replicas` or `spec.template.spec.containers[0].image`.
    public var field: String
    /// The kind of problem.
    public var type: ErrorType
    /// Extra explanation, e.g. `must be greater than or equal to 0`.
    public var detail: String

    /// Creates a field error.
    public init(field: String, type: ErrorType, detail: String = "") {
        self.field = field
        self.type = type
        self.detail = detail
    }

    /// The cause message without the field: `Invalid value: -1: must be greater than or equal to 0`.
    public var detailMessage: String {
        func render(_ value: JSONValue) -> String {
            switch value {
            case .string(let text): return "\"\(text)\""
            case .object(let members) where members.values.allSatisfy({ $0.stringValue != nil }):
                // Go prints a map[string]string value this way in Kubernetes' messages.
                let pairs = members.keys.sorted().map { "\"\($0)\":\"\(members[$0]?.stringValue ?? "")\"" }
                return "map[string]string{\(pairs.joined(separator: ", "))}"
            default: return value.jsonString()
            }
        }
        var text: String
        switch type {
        case .required: text = "Required value"
        case .invalid(let value): text = "Invalid value: \(render(value))"
        case .notSupported(let value, let allowed):
            text = "Unsupported value: \(render(value))"
            if !allowed.isEmpty {
                text += ": supported values: " + allowed.map { "\"\($0)\"" }.joined(separator: ", ")
            }
        case .duplicate(let value): text = "Duplicate value: \(render(value))"
        case .forbidden: text = "Forbidden"
        case .unknownField: text = "unknown field \"\(field)\""
        }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }

    public var description: String {
        if case .unknownField = type { return detailMessage }
        return "\(field): \(detailMessage)"
    }
}
