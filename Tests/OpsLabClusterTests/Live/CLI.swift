import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs the built `opslab` binary as a user would.
enum CLI {
    struct Output {
        var exitCode: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Output {
        guard let binary = LiveCluster.binaryPath else { throw LiveClusterError("the opslab binary is not built") }
        var overrides: [Environment.Key: String?] = [:]
        for (key, value) in environment { overrides[Environment.Key(rawValue: key)!] = value }
        let result = try await Subprocess.run(
            .path(FilePath(binary)), arguments: Arguments(arguments), environment: .inherit.updating(overrides),
            output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
        let code: Int32
        switch result.terminationStatus {
        case .exited(let value): code = Int32(value)
        case .signaled(let signal): code = 128 + Int32(signal)
        }
        return Output(exitCode: code, stdout: result.standardOutput, stderr: result.standardError)
    }
}
