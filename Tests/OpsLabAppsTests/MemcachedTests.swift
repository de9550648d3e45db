import Foundation
import Synchronization
import Testing

@testable import OpsLabApps

#if canImport(Glibc)
import Glibc
#endif

@Suite("Memcached cache, protocol and server")
struct MemcachedTests {
    static let now: Int64 = 1_700_000_000

    @Test("set/get, relative and absolute expiry, negative expiry, touch")
    func expiry() {
        var cache = MemcachedCache(limitBytes: 1 << 20)
        let value1 =
            cache.store("set", key: "a", value: Array("1".utf8), flags: 5, exptime: 10, now: Self.now) == .stored
        #expect(value1)
        let value2 = cache.get("a", now: Self.now + 9)?.flags == 5
        #expect(value2)
        let value3 = cache.get("a", now: Self.now + 10) == nil
        #expect(value3)
        let value4 =
            cache.store("set", key: "b", value: [1], flags: 0, exptime: Self.now + 100, now: Self.now) == .stored
        #expect(value4)
        let value5 = cache.get("b", now: Self.now + 99) != nil
        #expect(value5)
        let value6 = cache.get("b", now: Self.now + 100) == nil
        #expect(value6)
        let value7 = cache.store("set", key: "c", value: [1], flags: 0, exptime: -1, now: Self.now) == .stored
        #expect(value7)
        let value8 = cache.get("c", now: Self.now) == nil
        #expect(value8)
        _ = cache.store("set", key: "d", value: [1], flags: 0, exptime: 5, now: Self.now)
        let value9 = cache.touch("d", exptime: 0, now: Self.now + 1)
        #expect(value9)
        let value10 = cache.get("d", now: Self.now + 1000) != nil
        #expect(value10)
        #expect(cache.statistics.getMisses == 3)
    }

    @Test("add, replace, append, prepend, cas, incr, decr, delete, flush_all")
    func commands() {
        var cache = MemcachedCache(limitBytes: 1 << 20)
        let value11 = cache.store("replace", key: "k", value: [1], flags: 0, exptime: 0, now: Self.now) == .notStored
        #expect(value11)
        let value12 =
            cache.store("add", key: "k", value: Array("10".utf8), flags: 0, exptime: 0, now: Self.now) == .stored
        #expect(value12)
        let value13 = cache.store("add", key: "k", value: [1], flags: 0, exptime: 0, now: Self.now) == .notStored
        #expect(value13)
        let value14 = cache.arithmetic("k", delta: 5, decrement: false, now: Self.now) == .value(15)
        #expect(value14)
        let value15 = cache.arithmetic("k", delta: 50, decrement: true, now: Self.now) == .value(0)
        #expect(value15)
        let value16 = cache.arithmetic("none", delta: 1, decrement: false, now: Self.now) == .notFound
        #expect(value16)
        _ = cache.store("set", key: "s", value: Array("b".utf8), flags: 0, exptime: 0, now: Self.now)
        _ = cache.store("append", key: "s", value: Array("c".utf8), flags: 0, exptime: 0, now: Self.now)
        _ = cache.store("prepend", key: "s", value: Array("a".utf8), flags: 0, exptime: 0, now: Self.now)
        let value17 = cache.get("s", now: Self.now)?.value == Array("abc".utf8)
        #expect(value17)
        let value18 = cache.arithmetic("s", delta: 1, decrement: false, now: Self.now) == .nonNumeric
        #expect(value18)
        let cas = cache.peek("s", now: Self.now)?.cas
        let value19 = cache.store("cas", key: "s", value: [1], flags: 0, exptime: 0, cas: 999, now: Self.now) == .exists
        #expect(value19)
        let value20 = cache.store("cas", key: "s", value: [2], flags: 0, exptime: 0, cas: cas, now: Self.now) == .stored
        #expect(value20)
        let value21 = cache.delete("s", now: Self.now)
        #expect(value21)
        let value22 = !cache.delete("s", now: Self.now)
        #expect(value22)
        cache.flushAll(delay: 10, now: Self.now)
        let value23 = cache.get("k", now: Self.now + 9) != nil
        #expect(value23)
        let value24 = cache.get("k", now: Self.now + 10) == nil
        #expect(value24)
    }

    @Test("LRU eviction keeps recently used items within the memory limit")
    func eviction() {
        let itemSize = 1 + 100 + MemcachedCache.overhead
        var cache = MemcachedCache(limitBytes: itemSize * 3)
        for key in ["a", "b", "c"] {
            _ = cache.store(
                "set", key: key, value: Array(repeating: 7, count: 100), flags: 0, exptime: 0, now: Self.now)
        }
        _ = cache.get("a", now: Self.now)
        _ = cache.store("set", key: "d", value: Array(repeating: 7, count: 100), flags: 0, exptime: 0, now: Self.now)
        #expect(cache.peek("b", now: Self.now) == nil)
        #expect(cache.peek("a", now: Self.now) != nil)
        #expect(cache.peek("d", now: Self.now) != nil)
        #expect(cache.statistics.evictions == 1)
        #expect(cache.bytes <= cache.limitBytes)
        #expect(cache.count == 3)
        var tiny = MemcachedCache(limitBytes: 1 << 20, maxItemSize: 10)
        let value25 =
            tiny.store("set", key: "x", value: Array(repeating: 0, count: 1000), flags: 0, exptime: 0, now: Self.now)
            == .tooLarge
        #expect(value25)
    }

    @Test("protocol answers: multi-get, gets with cas, noreply, errors")
    func protocolAnswers() {
        var cache = MemcachedCache(limitBytes: 1 << 20)
        func run(_ line: String, _ data: String? = nil) -> String {
            let request = MemcachedRequest(
                words: line.split(separator: " ").map(String.init), data: data.map { Array($0.utf8) })
            return String(
                decoding: MemcachedProtocol.execute(request, cache: &cache, now: Self.now).bytes, as: UTF8.self)
        }
        #expect(run("set a 3 0 2", "hi") == "STORED\r\n")
        #expect(run("set b 0 0 1 noreply", "x") == "")
        #expect(run("get a b zz") == "VALUE a 3 2\r\nhi\r\nVALUE b 0 1\r\nx\r\nEND\r\n")
        #expect(run("gets a").hasPrefix("VALUE a 3 2 "))
        #expect(run("delete zz") == "NOT_FOUND\r\n")
        #expect(run("incr a 1") == "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n")
        #expect(run("bogus") == "ERROR\r\n")
        #expect(run("version") == "VERSION \(MemcachedProtocol.version)\r\n")
        #expect(run("stats").contains("STAT curr_items 2\r\n"))
        #expect(MemcachedProtocol.dataLength(of: ["set", "a", "0", "0", "5"]) == 5)
        #expect(MemcachedProtocol.dataLength(of: ["get", "a"]) == nil)
    }

    @Test("role options: -m, -p and MEMCACHED_CACHE_SIZE")
    func roleOptions() {
        let fromEnv = MemcachedRole(arguments: [], environment: ["MEMCACHED_CACHE_SIZE": "128", "POD_IP": "127.9.1.2"])
        #expect(fromEnv.megabytes == 128 && fromEnv.port == 11211 && fromEnv.host == "127.9.1.2")
        let fromArgs = MemcachedRole(
            arguments: ["memcached", "-m", "32", "-p11300"], environment: ["MEMCACHED_CACHE_SIZE": "128"])
        #expect(fromArgs.megabytes == 32 && fromArgs.port == 11300)
    }

    @Test("live server: raw text protocol, client get/getMulti/set/delete, expiry with an injected clock")
    func live() async throws {
        let clock = TestClock(start: Self.now)
        let ip = NetTestSupport.uniqueIP()
        let server = MemcachedServer(host: ip, port: 0, limitBytes: 1 << 20, clock: { clock.now })
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await server.run { continuation.yield($0) } }
        defer { task.cancel() }
        var port = 0
        for await bound in stream {
            port = bound
            break
        }
        let raw = try RawSocket(ip: ip, port: port)
        defer { raw.close() }
        #expect(
            try raw.exchange("set k 0 0 5\r\nhello\r\nget k\r\n", until: "END\r\n")
                == "STORED\r\nVALUE k 0 5\r\nhello\r\nEND\r\n")
        #expect(try raw.exchange("set k 0 0 5\r\nhelloXX", until: "\r\n") == "CLIENT_ERROR bad data chunk\r\n")

        let client = MemcachedClient(address: "\(ip):\(port)", resolver: nil)
        try await client.set("1", Data("plan-1".utf8))
        try await client.set("2", Data("plan-2\nline".utf8), expiration: 30)
        #expect(try await client.get("1") == Data("plan-1".utf8))
        #expect(try await client.get("nope") == nil)
        let multi = try await client.getMulti(["1", "2", "3"])
        #expect(multi == ["1": Data("plan-1".utf8), "2": Data("plan-2\nline".utf8)])
        clock.advance(by: 30)
        #expect(try await client.get("2") == nil)
        try await client.delete("1")
        try await client.delete("1")
        #expect(try await client.get("1") == nil)
        let big = Data(repeating: 65, count: 200_000)
        try await client.set("big", big)
        #expect(try await client.get("big") == big)
        await #expect(throws: MemcachedClientError.self) { try await client.set("bad key", Data()) }
        client.close()
    }

    @Test("client errors read like Go's")
    func clientErrors() async throws {
        let ip = NetTestSupport.uniqueIP()
        let refused = MemcachedClient(address: "\(ip):11211", resolver: nil)
        let error = await #expect(throws: MemcachedClientError.self) { _ = try await refused.get("1") }
        #expect(error?.description == "dial tcp \(ip):11211: connect: connection refused")
        let unknown = MemcachedClient(address: "memcached-rate:11211", resolver: nil)
        let lookup = await #expect(throws: MemcachedClientError.self) { _ = try await unknown.get("1") }
        #expect(lookup?.description == "lookup memcached-rate: no such host")
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let value: Mutex<Int64>
    init(start: Int64) { value = Mutex(start) }
    var now: Int64 { value.withLock { $0 } }
    func advance(by seconds: Int64) { value.withLock { $0 += seconds } }
}

/// A blocking TCP socket for speaking a text protocol in tests.
struct RawSocket {
    let descriptor: Int32

    init(ip: String, port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, ip, &address.sin_addr)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw RoleError(code: "connect", message: "connect failed: \(errno)") }
    }

    func exchange(_ text: String, until terminator: String) throws -> String {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !String(decoding: received, as: UTF8.self).hasSuffix(terminator) {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    func close() { _ = Glibc.close(descriptor) }
}
