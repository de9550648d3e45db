import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking TCP client that reports exactly how an exchange with a Service address ended, so tests can tell a
/// refused connection (what kube-proxy's REJECT gives) from a reset or a clean close.
enum TCPProbe {
    /// How one exchange ended.
    enum Outcome: Equatable, CustomStringConvertible {
        /// `connect` failed with ECONNREFUSED.
        case refused
        /// The connection was established, then reset by the peer (ECONNRESET, or EPIPE after a reset).
        case reset
        /// The peer closed cleanly (EOF) after sending these bytes (possibly none).
        case closed(String)
        /// Nothing happened within the timeout.
        case timedOut
        /// Some other error (`errno`).
        case failed(Int32)

        var description: String {
            switch self {
            case .refused: "refused"
            case .reset: "reset"
            case .closed(let text): "closed after \(text.utf8.count) bytes"
            case .timedOut: "timed out"
            case .failed(let code): "failed: \(String(cString: strerror(code)))"
            }
        }
    }

    /// Connects to `host:port`, sends `request`, half-closes, and reads until EOF, an error or `timeout`.
    static func exchange(host: String, port: Int, _ request: String, timeout: TimeInterval = 2) -> Outcome {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failed(errno) }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - floor(timeout)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if connected != 0 { return classify(errno) }
        let sent = request.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        if sent < 0 { return classify(errno) }
        shutdown(fd, Int32(SHUT_WR))
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return .closed(String(decoding: data, as: UTF8.self)) }
            if count < 0 { return classify(errno) }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    private static func classify(_ code: Int32) -> Outcome {
        switch code {
        case ECONNREFUSED: .refused
        case ECONNRESET, EPIPE: .reset
        case EAGAIN, EWOULDBLOCK, ETIMEDOUT, EINPROGRESS: .timedOut
        default: .failed(code)
        }
    }
}
