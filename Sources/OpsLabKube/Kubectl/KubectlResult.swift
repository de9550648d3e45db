import Foundation

/// What one `kubectl` invocation produced: its standard output, standard error and exit code.
public struct KubectlResult: Sendable, Hashable {
    /// Everything written to standard output.
    public var stdout: String
    /// Everything written to standard error.
    public var stderr: String
    /// The process exit code kubectl would have returned (0 on success, 1 on errors).
    public var exitCode: Int32

    /// Creates a result.
    public init(stdout: String, stderr: String, exitCode: Int32) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
    }
}

/// The outside world the built-in kubectl touches besides the API: clock, sleeping, files, server identity.
///
/// Inject a custom environment in tests to make time deterministic and waiting instant.
public struct KubectlEnvironment: Sendable {
    /// The current time (used for AGE columns, `rollout restart` and `--since`).
    public var now: @Sendable () -> Date
    /// Sleeps between polls of `delete --wait` and `rollout status`.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Reads a file named on the command line (`apply -f FILE`).
    public var readFile: @Sendable (String) throws -> Data
    /// The entries of a directory (file names only), or `nil` when the path is not a directory.
    public var listDirectory: @Sendable (String) -> [String]?
    /// The server URL `cluster-info` prints, e.g. `https://127.0.0.1:6443`.
    public var serverURL: String
    /// The kubeconfig text `config view` prints (secrets are redacted), if any.
    public var kubeconfig: String?
    /// How long to wait between polls.
    public var pollInterval: Duration

    /// Creates an environment.
    public init(
        now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        readFile: @escaping @Sendable (String) throws -> Data = { try Data(contentsOf: URL(fileURLWithPath: $0)) },
        listDirectory: @escaping @Sendable (String) -> [String]? = KubectlEnvironment.directoryEntries,
        serverURL: String = "https://127.0.0.1:6443",
        kubeconfig: String? = nil,
        pollInterval: Duration = .milliseconds(500)
    ) {
        self.now = now
        self.sleep = sleep
        self.readFile = readFile
        self.listDirectory = listDirectory
        self.serverURL = serverURL
        self.kubeconfig = kubeconfig
        self.pollInterval = pollInterval
    }

    /// The real clock, file system and sleeping.
    public static let live = KubectlEnvironment()

    /// Lists a directory of the real file system; `nil` when the path is not a directory.
    public static func directoryEntries(_ path: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        return try? FileManager.default.contentsOfDirectory(atPath: path)
    }
}
