import Foundation
import NIOCore

/// What the client expects back for a request.
enum MemcachedExpectation: Sendable {
    /// `VALUE …` blocks until `END`.
    case values
    /// One line (`STORED`, `DELETED`, `NOT_FOUND`, …).
    case line
}

/// A parsed reply.
enum MemcachedReply: Sendable {
    case values([String: Data])
    case line(String)
}

/// One request on a pooled memcached connection.
struct MemcachedExchange: Sendable {
    var bytes: ByteBuffer
    var expectation: MemcachedExpectation
    var timeout: TimeAmount
    var promise: EventLoopPromise<MemcachedReply>
}

/// Writes one exchange at a time and parses its reply from the byte stream.
final class MemcachedClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = MemcachedExchange
    typealias OutboundOut = ByteBuffer

    private var pending: (expectation: MemcachedExpectation, promise: EventLoopPromise<MemcachedReply>)?
    private var buffer = ByteBuffer()
    private var values: [String: Data] = [:]
    private var timeoutTask: Scheduled<Void>?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard pending == nil else {
            exchange.promise.fail(RoleHTTPClientError(kind: .other, message: "memcache: connection busy"))
            return
        }
        pending = (exchange.expectation, exchange.promise)
        values = [:]
        let remote = ClientConnectionHandler.describe(context.channel.remoteAddress)
        let local = ClientConnectionHandler.describe(context.channel.localAddress)
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        timeoutTask = context.eventLoop.scheduleTask(in: exchange.timeout) {
            handler.value.fail(
                RoleHTTPClientError(kind: .timeout, message: "read tcp \(local)->\(remote): i/o timeout"))
            boundContext.value.close(promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(exchange.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        buffer.writeBuffer(&chunk)
        parse(context: context)
    }

    private func parse(context: ChannelHandlerContext) {
        while let pending {
            let mark = buffer.readerIndex
            guard let line = readLine() else { break }
            if line.hasPrefix("VALUE "), case .values = pending.expectation {
                let words = line.split(separator: " ")
                guard words.count >= 4, let length = Int(words[3]) else {
                    fail(
                        RoleHTTPClientError(kind: .other, message: "memcache: unexpected line in get response: \(line)")
                    )
                    context.close(promise: nil)
                    return
                }
                guard buffer.readableBytes >= length + 2 else {
                    buffer.moveReaderIndex(to: mark)
                    return
                }
                values[String(words[1])] = Data(buffer.readBytes(length: length) ?? [])
                buffer.moveReaderIndex(forwardBy: 2)
                continue
            }
            let reply: MemcachedReply = line == "END" && pending.expectation.isValues ? .values(values) : .line(line)
            finish()
            if line.hasPrefix("ERROR") || line.hasPrefix("CLIENT_ERROR") || line.hasPrefix("SERVER_ERROR") {
                pending.promise.fail(RoleHTTPClientError(kind: .other, message: "memcache: server error: \(line)"))
            } else {
                pending.promise.succeed(reply)
            }
        }
        buffer.discardReadBytes()
    }

    /// Reads one `\r\n`-terminated line, or `nil` (leaving the buffer as it was) when incomplete.
    private func readLine() -> String? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        var bytes = Array(view[view.startIndex..<newline])
        let consumed = bytes.count + 1
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        buffer.moveReaderIndex(forwardBy: consumed)
        return String(decoding: bytes, as: UTF8.self)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(RoleHTTPClientError(kind: .eof, message: "EOF"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(RoleHTTPClientError(kind: .other, message: GoErrorText.errnoText(error)))
        context.close(promise: nil)
    }

    private func fail(_ error: RoleHTTPClientError) {
        guard let pending else { return }
        finish()
        pending.promise.fail(error)
    }

    private func finish() {
        timeoutTask?.cancel()
        timeoutTask = nil
        pending = nil
        values = [:]
    }
}

extension MemcachedExpectation {
    var isValues: Bool {
        if case .values = self { return true }
        return false
    }
}
