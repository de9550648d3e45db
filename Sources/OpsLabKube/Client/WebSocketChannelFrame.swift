import Foundation

/// The channels of Kubernetes' `v4.channel.k8s.io` / `v5.channel.k8s.io` exec protocols over WebSocket.
///
/// Every binary WebSocket message starts with one channel byte; the rest is that channel's data.
public enum ExecChannel: UInt8, Sendable, Hashable, CaseIterable {
    /// Client to server: the command's standard input.
    case stdin = 0
    /// Server to client: the command's standard output.
    case stdout = 1
    /// Server to client: the command's standard error.
    case stderr = 2
    /// Server to client: the final `Status` JSON (success, exit code or failure).
    case error = 3
    /// Client to server: terminal size as JSON `{"Width":…,"Height":…}`.
    case resize = 4
    /// v5 only, client to server: "close this channel" (the payload is the channel to close, e.g. stdin).
    case close = 255
}

/// The negotiated exec subprotocol.
public enum ExecSubprotocol: String, Sendable, Hashable, CaseIterable {
    /// `v5.channel.k8s.io`: v4 plus the close signal on channel 255.
    case v5 = "v5.channel.k8s.io"
    /// `v4.channel.k8s.io`: binary channel frames, Status JSON on the error channel.
    case v4 = "v4.channel.k8s.io"

    /// Picks the best protocol a `Sec-WebSocket-Protocol` header offers (v5 before v4), or `nil`.
    public static func negotiate(_ header: String?) -> ExecSubprotocol? {
        let offered = Set(
            (header ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        )
        return allCases.first { offered.contains($0.rawValue) }
    }
}

/// One message of the exec protocol: a channel and its bytes.
public struct WebSocketChannelFrame: Sendable, Hashable {
    /// The channel byte.
    public var channel: UInt8
    /// The channel's data (without the channel byte).
    public var payload: [UInt8]

    /// Creates a frame for a raw channel number.
    public init(channel: UInt8, payload: [UInt8]) {
        self.channel = channel
        self.payload = payload
    }

    /// Creates a frame for a known channel.
    public init(_ channel: ExecChannel, _ payload: [UInt8]) {
        self.init(channel: channel.rawValue, payload: payload)
    }

    /// The known channel, or `nil` for a number outside the protocol.
    public var knownChannel: ExecChannel? { ExecChannel(rawValue: channel) }

    /// The binary WebSocket message: the channel byte followed by the payload.
    public var encoded: [UInt8] { [channel] + payload }

    /// Splits a binary WebSocket message; `nil` for an empty message (which has no channel).
    public static func decode(_ message: [UInt8]) -> WebSocketChannelFrame? {
        guard let first = message.first else { return nil }
        return WebSocketChannelFrame(channel: first, payload: Array(message.dropFirst()))
    }

    /// The v5 close signal for one channel (`[255, channel]`).
    public static func closeSignal(for channel: ExecChannel) -> WebSocketChannelFrame {
        WebSocketChannelFrame(.close, [channel.rawValue])
    }
}
