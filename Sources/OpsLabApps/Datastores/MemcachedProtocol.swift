import Foundation

/// One request of memcached's text protocol: the command line's words and, for storage commands, the data.
public struct MemcachedRequest: Sendable, Equatable {
    /// The words of the command line, e.g. `["set", "k", "0", "60", "5"]`.
    public var words: [String]
    /// The data block of a storage command (without the trailing `\r\n`).
    public var data: [UInt8]?

    /// Creates a request.
    public init(words: [String], data: [UInt8]? = nil) {
        self.words = words
        self.data = data
    }
}

/// memcached's text protocol: which commands carry data, and executing a request against a cache.
public enum MemcachedProtocol {
    /// Commands followed by a data block.
    public static let storageCommands: Set<String> = ["set", "add", "replace", "append", "prepend", "cas"]
    /// The version `version` reports.
    public static let version = "1.6.21"

    /// The number of data bytes a command line announces, `nil` when it has none, or `-1` when malformed.
    public static func dataLength(of words: [String]) -> Int? {
        guard let command = words.first, storageCommands.contains(command) else { return nil }
        guard words.count >= 5, let length = Int(words[4]), length >= 0 else { return -1 }
        return length
    }

    /// The answer to a request and whether the connection should close afterwards (`quit`).
    public struct Answer: Sendable, Equatable {
        /// Bytes to send (empty for `noreply`).
        public var bytes: [UInt8]
        /// Close the connection after sending.
        public var close: Bool
    }

    /// Runs a request against a cache at time `now` (unix seconds).
    public static func execute(
        _ request: MemcachedRequest, cache: inout MemcachedCache, now: Int64, startedAt: Int64 = 0
    ) -> Answer {
        let words = request.words
        guard let command = words.first else { return text("ERROR\r\n") }
        let noreply = words.last == "noreply"
        func reply(_ line: String) -> Answer { noreply ? Answer(bytes: [], close: false) : text(line + "\r\n") }
        for key in words.dropFirst().prefix(command == "get" || command == "gets" ? words.count : 1)
        where key.utf8.count > 250 && command != "flush_all" && command != "verbosity" {
            return text("CLIENT_ERROR bad command line format\r\n")
        }
        switch command {
        case "get", "gets":
            guard words.count >= 2 else { return text("ERROR\r\n") }
            var bytes: [UInt8] = []
            for key in words.dropFirst() {
                guard let item = cache.get(key, now: now) else { continue }
                var header = "VALUE \(key) \(item.flags) \(item.value.count)"
                if command == "gets" { header += " \(item.cas)" }
                bytes += Array((header + "\r\n").utf8) + item.value + [13, 10]
            }
            return Answer(bytes: bytes + Array("END\r\n".utf8), close: false)
        case _ where storageCommands.contains(command):
            let needed = command == "cas" ? 6 : 5
            guard words.count >= needed, let flags = UInt32(words[2]), let exptime = Int64(words[3]),
                let data = request.data
            else { return text("CLIENT_ERROR bad command line format\r\n") }
            let cas = command == "cas" ? UInt64(words[5]) : nil
            if command == "cas", cas == nil { return text("CLIENT_ERROR bad command line format\r\n") }
            let result = cache.store(
                command, key: words[1], value: data, flags: flags, exptime: exptime, cas: cas,
                now: now)
            return result == .tooLarge ? text(result.rawValue + "\r\n") : reply(result.rawValue)
        case "delete":
            guard words.count >= 2 else { return text("ERROR\r\n") }
            return reply(cache.delete(words[1], now: now) ? "DELETED" : "NOT_FOUND")
        case "incr", "decr":
            guard words.count >= 3, let delta = UInt64(words[2]) else {
                return text("CLIENT_ERROR invalid numeric delta argument\r\n")
            }
            switch cache.arithmetic(words[1], delta: delta, decrement: command == "decr", now: now) {
            case .value(let value): return reply(String(value))
            case .notFound: return reply("NOT_FOUND")
            case .nonNumeric: return text("CLIENT_ERROR cannot increment or decrement non-numeric value\r\n")
            }
        case "touch":
            guard words.count >= 3, let exptime = Int64(words[2]) else { return text("ERROR\r\n") }
            return reply(cache.touch(words[1], exptime: exptime, now: now) ? "TOUCHED" : "NOT_FOUND")
        case "flush_all":
            let delay = words.count >= 2 ? Int64(words[1]) ?? 0 : 0
            cache.flushAll(delay: delay, now: now)
            return reply("OK")
        case "version":
            return text("VERSION \(version)\r\n")
        case "verbosity":
            return reply("OK")
        case "stats":
            return text(stats(cache, now: now, startedAt: startedAt))
        case "quit":
            return Answer(bytes: [], close: true)
        default:
            return text("ERROR\r\n")
        }
    }

    static func stats(_ cache: MemcachedCache, now: Int64, startedAt: Int64) -> String {
        let values: [(String, String)] = [
            ("pid", String(ProcessInfo.processInfo.processIdentifier)), ("uptime", String(max(0, now - startedAt))),
            ("time", String(now)), ("version", version), ("pointer_size", "64"),
            ("curr_items", String(cache.count)), ("total_items", String(cache.statistics.totalItems)),
            ("bytes", String(cache.bytes)), ("get_hits", String(cache.statistics.getHits)),
            ("get_misses", String(cache.statistics.getMisses)), ("evictions", String(cache.statistics.evictions)),
            ("reclaimed", String(cache.statistics.reclaimed)), ("limit_maxbytes", String(cache.limitBytes)),
            ("threads", "4"),
        ]
        return values.map { "STAT \($0.0) \($0.1)\r\n" }.joined() + "END\r\n"
    }

    private static func text(_ line: String) -> Answer { Answer(bytes: Array(line.utf8), close: false) }
}
