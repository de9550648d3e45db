import Foundation

/// Runs Debian's `wrk` and reads its `Requests/sec:` line.
enum WrkRunner {
    /// The path of `wrk` on PATH, if any.
    static func locate() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/wrk"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `wrk -t threads -c connections -d seconds url` and returns its output and requests per second.
    static func run(
        executable: String, threads: Int, connections: Int, seconds: Int, url: String
    ) throws
        -> (output: String, rate: Double?)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", url]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        return (output, requestsPerSecond(in: output))
    }

    /// The number on wrk's `Requests/sec:` line.
    static func requestsPerSecond(in output: String) -> Double? {
        for line in output.split(separator: "\n") where line.hasPrefix("Requests/sec:") {
            return Double(line.dropFirst("Requests/sec:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
