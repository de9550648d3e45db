import Foundation
import OpsLabCore
import OpsLabKube

extension APIRouter {
    /// `GET|POST …/pods/{name}/exec`: validates like the API server and kubelet do, then accepts the WebSocket
    /// upgrade (`v5.channel.k8s.io`, else `v4.channel.k8s.io`).
    ///
    /// Errors: 404 for a missing pod, 400 Status for a bad container name or options, a plain-text
    /// `container not found ("c")` when the container is not running (kubectl prints
    /// `error: unable to upgrade connection: container not found ("c")`), 400 for a request that is not a
    /// WebSocket upgrade with a supported subprotocol (SPDY is not served; kubectl tries WebSocket first).
    func exec(_ target: Target, _ request: APIRequest) async throws -> APIResponse {
        guard let namespace = target.namespace, let name = target.name else {
            throw APIStatus(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        let command = request.queryValues("command")
        let wants = { (key: String) in ["true", "1"].contains(request.query[key] ?? "") }
        let stdin = wants("stdin")
        guard stdin || wants("stdout") || wants("stderr") else {
            throw APIStatus.badRequest("you must specify at least 1 of stdin, stdout, stderr")
        }
        guard !command.isEmpty else {
            throw APIStatus.badRequest("you must specify at least one command for the container")
        }
        let execTarget: ExecTarget
        do {
            execTarget = try await ExecTarget.resolve(
                context: context, namespace: namespace, pod: name, container: request.query["container"])
        } catch {
            switch error {
            case .status(let status): throw status
            case .text(let code, let text): return .text(code, text)
            }
        }
        let upgrading = (request.headers["upgrade"] ?? "").lowercased().contains("websocket")
        guard upgrading, let slot = ExecUpgradeSlot.current else {
            throw APIStatus.badRequest(
                "Upgrade request required: exec needs a WebSocket upgrade (\(ExecSubprotocol.v5.rawValue)); "
                    + "SPDY is not supported by OpsLab")
        }
        guard let subprotocol = ExecSubprotocol.negotiate(request.headers["sec-websocket-protocol"]) else {
            throw APIStatus.badRequest(
                "unable to upgrade: none of the requested subprotocols is supported; use "
                    + ExecSubprotocol.allCases.map(\.rawValue).joined(separator: " or "))
        }
        let session = ExecWebSocketSession(
            target: execTarget, command: command, stdin: stdin, subprotocol: subprotocol,
            executablePath: context.configuration.executablePath,
            scratchDirectory: context.configuration.stateDirectory + "/exec", logger: logger)
        slot.accept(ExecUpgradeAcceptance(subprotocol: subprotocol.rawValue) { await session.run($0) })
        return .full(status: 101, contentType: "", body: Data(), headers: [])
    }
}
