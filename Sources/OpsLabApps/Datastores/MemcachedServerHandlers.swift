import Foundation
import NIOCore
import Synchronization

/// Splits a byte stream into memcached requests: a command line, plus the data block of storage commands.
struct MemcachedRequestDecoder: ByteToMessageDecoder {
    typealias InboundOut = MemcachedRequestOrError

    static let maxLine = 2048

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLine {
                buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                context.fireChannelRead(wrapInboundOut(.error("CLIENT_ERROR line too long")))
            }
            return .needMoreData
        }
        let lineLength = newline - view.startIndex
        var lineBytes = Array(view[view.startIndex..<newline])
        if lineBytes.last == UInt8(ascii: "\r") { lineBytes.removeLast() }
        let words = String(decoding: lineBytes, as: UTF8.self).split(separator: " ").map(String.init)
        guard let length = MemcachedProtocol.dataLength(of: words) else {
            buffer.moveReaderIndex(forwardBy: lineLength + 1)
            context.fireChannelRead(wrapInboundOut(.request(MemcachedRequest(words: words))))
            return .continue
        }
        if length < 0 {
            buffer.moveReaderIndex(forwardBy: lineLength + 1)
            context.fireChannelRead(wrapInboundOut(.error("CLIENT_ERROR bad command line format")))
            return .continue
        }
        guard buffer.readableBytes >= lineLength + 1 + length + 2 else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: lineLength + 1)
        let data = buffer.readBytes(length: length) ?? []
        let terminator = buffer.readBytes(length: 2) ?? []
        guard terminator == [13, 10] else {
            context.fireChannelRead(wrapInboundOut(.error("CLIENT_ERROR bad data chunk")))
            return .continue
        }
        context.fireChannelRead(wrapInboundOut(.request(MemcachedRequest(words: words, data: data))))
        return .continue
    }
}

/// A decoded request, or a protocol error to answer.
enum MemcachedRequestOrError {
    case request(MemcachedRequest)
    case error(String)
}

/// The cache shared by every connection, behind a lock, with the clock the server uses.
final class MemcachedStore: Sendable {
    let cache: Mutex<MemcachedCache>
    let clock: @Sendable () -> Int64
    let startedAt: Int64

    init(cache: MemcachedCache, clock: @escaping @Sendable () -> Int64) {
        self.cache = Mutex(cache)
        self.clock = clock
        self.startedAt = clock()
    }

    func execute(_ request: MemcachedRequest) -> MemcachedProtocol.Answer {
        let now = clock()
        return cache.withLock { MemcachedProtocol.execute(request, cache: &$0, now: now, startedAt: startedAt) }
    }
}

/// Answers decoded requests in order, flushing once per read burst.
final class MemcachedServerHandler: ChannelInboundHandler {
    typealias InboundIn = MemcachedRequestOrError
    typealias OutboundOut = ByteBuffer

    let store: MemcachedStore

    init(store: MemcachedStore) {
        self.store = store
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .error(let line):
            context.write(wrapOutboundOut(ByteBuffer(string: line + "\r\n")), promise: nil)
        case .request(let request):
            let answer = store.execute(request)
            if !answer.bytes.isEmpty { context.write(wrapOutboundOut(ByteBuffer(bytes: answer.bytes)), promise: nil) }
            if answer.close {
                context.writeAndFlush(wrapOutboundOut(ByteBuffer()), promise: nil)
                context.close(promise: nil)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
