import Foundation
import Logging
import NIOCore
import NIOWebSocket
import OpsLabKube

/// Serves one upgraded exec connection: runs the command (``ExecProcess``) and speaks the
/// `v4/v5.channel.k8s.io` framing — stdout on channel 1, stderr on 2, stdin from 0, the final Status on 3, then
/// a normal close (1000).
///
/// The command is killed when the client goes away (the inbound side ends or sends a close frame).
struct ExecWebSocketSession: Sendable {
    var target: ExecTarget
    var command: [String]
    var stdin: Bool
    var subprotocol: ExecSubprotocol
    var executablePath: String
    var scratchDirectory: String
    var logger: Logger

    /// Runs until the command ends or the client disconnects; closes the connection.
    func run(_ channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>) async {
        let allocator = channel.channel.allocator
        do {
            try await channel.executeThenClose { inbound, outbound in
                let (frames, frameSink) = AsyncStream<WebSocketFrame>.makeStream()
                let (input, inputSink) = AsyncStream<Data>.makeStream()
                if !stdin { inputSink.finish() }
                await withTaskGroup(of: Bool.self) { group in
                    // The only writer, so frames keep their order.
                    group.addTask {
                        for await frame in frames {
                            do { try await outbound.write(frame) } catch { break }
                        }
                        return false
                    }
                    // Reader: stdin, close signals, pings; returns when the client is gone.
                    group.addTask {
                        await read(inbound, input: inputSink, replies: frameSink, allocator: allocator)
                        return true
                    }
                    group.addTask {
                        let result = await ExecProcess.run(
                            target, command: command, executablePath: executablePath,
                            scratchDirectory: scratchDirectory, stdin: stdin ? input : nil
                        ) { isError, data in
                            let channel: ExecChannel = isError ? .stderr : .stdout
                            frameSink.yield(Self.binary(WebSocketChannelFrame(channel, Array(data)), allocator))
                        }
                        let status = Self.statusJSON(result, command: command)
                        frameSink.yield(Self.binary(WebSocketChannelFrame(.error, Array(status.utf8)), allocator))
                        var close = allocator.buffer(capacity: 2)
                        close.write(webSocketErrorCode: .normalClosure)
                        frameSink.yield(WebSocketFrame(fin: true, opcode: .connectionClose, data: close))
                        frameSink.finish()
                        return false
                    }
                    // Whichever ends first: the client leaving kills the command; the command ending lets the
                    // writer flush the Status and close frame before the connection closes.
                    if await group.next() == true {
                        group.cancelAll()
                    } else {
                        while let clientGone = await group.next() {
                            if !clientGone { group.cancelAll() }
                        }
                    }
                    group.cancelAll()
                }
            }
        } catch {
            logger.debug("exec stream ended", metadata: ["error": "\(error)"])
        }
    }

    /// Reads client frames until the client closes or goes away.
    private func read(
        _ inbound: NIOAsyncChannelInboundStream<WebSocketFrame>, input: AsyncStream<Data>.Continuation,
        replies: AsyncStream<WebSocketFrame>.Continuation, allocator: ByteBufferAllocator
    ) async {
        defer { input.finish() }
        do {
            for try await frame in inbound {
                switch frame.opcode {
                case .binary, .text:
                    var data = frame.unmaskedData
                    let bytes = data.readBytes(length: data.readableBytes) ?? []
                    guard let message = WebSocketChannelFrame.decode(bytes) else { continue }
                    switch message.knownChannel {
                    case .stdin: input.yield(Data(message.payload))
                    case .close where subprotocol == .v5:
                        if message.payload.first == ExecChannel.stdin.rawValue { input.finish() }
                    default: break  // Resize and unknown channels are ignored (no TTY).
                    }
                case .ping:
                    replies.yield(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData))
                case .connectionClose:
                    return
                default:
                    continue
                }
            }
        } catch {
            return
        }
    }

    /// A binary frame for a channel message.
    static func binary(_ message: WebSocketChannelFrame, _ allocator: ByteBufferAllocator) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .binary, data: allocator.buffer(bytes: message.encoded))
    }

    /// The Status the kubelet writes for a result.
    static func statusJSON(_ result: ExecResult, command: [String]) -> String {
        switch result {
        case .exited(0): return WebSocketExecStatus.successJSON
        case .exited(let code): return WebSocketExecStatus.nonZeroExitJSON(command: command, exitCode: code)
        case .startFailed(let message):
            let id = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
            return WebSocketExecStatus.internalErrorJSON(
                cause: "failed to exec in container: failed to start exec \"\(id)\": \(message)")
        case .internalError(let message):
            return WebSocketExecStatus.internalErrorJSON(cause: message)
        }
    }
}
