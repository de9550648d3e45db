import Foundation
import OpsLabCore

/// The HTTP side of the document store's protocol: credentials in requests (see ``DocumentStoreRole``).
public enum DocumentStoreHTTP {
    /// The header that names the authentication database.
    public static let authSourceHeader = "X-Mongo-Auth-Source"

    /// The credentials of a request: HTTP Basic plus the auth source header or `authSource` query parameter.
    public static func credentials(from request: RoleHTTPRequest) -> DocumentStoreEngine.Credentials? {
        guard let header = request.headers["authorization"], header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces))
        else { return nil }
        let text = String(decoding: decoded, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let source = request.headers[authSourceHeader.lowercased()] ?? request.query["authSource"] ?? "admin"
        return DocumentStoreEngine.Credentials(
            user: String(text[..<colon]), password: String(text[text.index(after: colon)...]), source: source
        )
    }

    /// The request headers that carry credentials.
    public static func headers(for credentials: DocumentStoreEngine.Credentials?) -> [(String, String)] {
        var headers = [("Content-Type", "application/json")]
        guard let credentials else { return headers }
        let token = Data("\(credentials.user):\(credentials.password)".utf8).base64EncodedString()
        headers.append(("Authorization", "Basic \(token)"))
        headers.append((authSourceHeader, credentials.source))
        return headers
    }
}
