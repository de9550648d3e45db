import NIOCore
import NIOWebSocket
import Synchronization

/// An accepted exec stream: the subprotocol to answer with and the session that serves the upgraded connection.
public struct ExecUpgradeAcceptance: Sendable {
    /// `v5.channel.k8s.io` or `v4.channel.k8s.io`.
    public var subprotocol: String
    /// Serves the WebSocket until the command ends or the client goes away; the connection closes afterwards.
    public var session: @Sendable (NIOAsyncChannel<WebSocketFrame, WebSocketFrame>) async -> Void

    /// Creates an acceptance.
    public init(
        subprotocol: String,
        session: @escaping @Sendable (NIOAsyncChannel<WebSocketFrame, WebSocketFrame>) async -> Void
    ) {
        self.subprotocol = subprotocol
        self.session = session
    }
}

/// The request-scoped slot through which a handler accepts a WebSocket upgrade.
///
/// ``HTTPServer`` sets ``current`` while it asks the handler about an upgrade request; a handler that accepts
/// the exec calls ``accept(_:)`` (and answers 101). Without a slot (a plain request, or SPDY) the handler
/// answers as HTTP.
public final class ExecUpgradeSlot: Sendable {
    /// The slot of the upgrade request being decided, if any.
    @TaskLocal public static var current: ExecUpgradeSlot?

    private let accepted = Mutex<ExecUpgradeAcceptance?>(nil)

    /// Creates an empty slot.
    public init() {}

    /// Accepts the upgrade.
    public func accept(_ acceptance: ExecUpgradeAcceptance) {
        accepted.withLock { $0 = acceptance }
    }

    /// The accepted upgrade, if any.
    public var acceptance: ExecUpgradeAcceptance? { accepted.withLock { $0 } }
}
