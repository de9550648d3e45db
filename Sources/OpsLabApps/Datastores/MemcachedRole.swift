import Foundation

/// The `memcached` role (image `memcached`, any tag): memcached's text protocol on `$POD_IP:11211`.
///
/// Arguments as memcached's: `-p <port>`, `-m <megabytes>` (also `--port=`, `--memory-limit=`); otherwise
/// `$MEMCACHED_CACHE_SIZE` megabytes, else 64. Like memcached without `-v`, it logs nothing while serving.
/// SIGTERM/SIGINT stop it with exit 0; a taken port exits 71 as memcached does.
public struct MemcachedRole: Sendable {
    /// The container's command and args.
    public var arguments: [String]
    /// The container's environment.
    public var environment: [String: String]

    /// Creates the role.
    public init(arguments: [String], environment: [String: String]) {
        self.arguments = arguments
        self.environment = environment
    }

    /// The address to listen on.
    public var host: String { environment["POD_IP"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1" }
    /// The port.
    public var port: Int { option(short: "-p", long: "--port").flatMap { Int($0) } ?? 11211 }
    /// The memory limit in megabytes.
    public var megabytes: Int {
        option(short: "-m", long: "--memory-limit").flatMap { Int($0) }
            ?? environment["MEMCACHED_CACHE_SIZE"].flatMap { Int($0) } ?? 64
    }

    func option(short: String, long: String) -> String? {
        var result: String?
        for (index, argument) in arguments.enumerated() {
            if argument == short || argument == long, index + 1 < arguments.count {
                result = arguments[index + 1]
            } else if argument.hasPrefix(long + "=") {
                result = String(argument.dropFirst(long.count + 1))
            } else if argument.hasPrefix(short), argument.count > short.count, !argument.hasPrefix("--") {
                result = String(argument.dropFirst(short.count))
            }
        }
        return result
    }

    /// Serves until SIGTERM/SIGINT.
    public func run() async throws -> Int32 {
        let server = MemcachedServer(host: host, port: port, limitBytes: max(1, megabytes) << 20)
        return await withTaskGroup(of: Int32.self) { group in
            group.addTask {
                do {
                    try await server.run()
                    return 0
                } catch {
                    RoleOutput.writeError("\(error)\n")
                    return 71
                }
            }
            group.addTask {
                guard let signal = await TerminationSignal.wait() else { return 0 }
                if signal == SIGINT { RoleOutput.write("Signal handled: Interrupt.\n") }
                return 0
            }
            let code = await group.next() ?? 0
            group.cancelAll()
            return code
        }
    }
}
