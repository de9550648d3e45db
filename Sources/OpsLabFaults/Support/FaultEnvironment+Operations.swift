import Foundation
import Logging
import OpsLabCore
import OpsLabKube

extension FaultEnvironment {
    static let logger = Logger(label: "opslab.faults")

    /// The pods labelled `io.kompose.service=<service>` (the label every HotelReservation object carries).
    public func pods(of service: String) async throws -> [JSONValue] {
        try await client.list(.pods, namespace: namespace, labelSelector: "io.kompose.service=\(service)")[
            "items"]?.arrayValue ?? []
    }

    /// Deletes every pod of `service` (its ReplicaSet re-creates them); returns the names deleted.
    @discardableResult
    public func deletePods(of service: String) async throws -> [String] {
        var deleted: [String] = []
        for pod in try await pods(of: service) where !pod.isTerminating {
            do {
                _ = try await client.delete(.pods, namespace: namespace, name: pod.name)
                deleted.append(pod.name)
            } catch let status as APIStatus where status.code == 404 {}
        }
        Self.logger.debug("deleted pods", metadata: ["service": "\(service)", "pods": "\(deleted)"])
        return deleted
    }

    /// A running, not terminating pod of `service`, for `exec`.
    func runningPod(of service: String) async throws -> String {
        let pods = try await pods(of: service).filter {
            !$0.isTerminating && $0[path: ["status", "phase"]]?.stringValue == "Running"
        }
        guard let pod = pods.first else {
            throw FaultError(.notFound, "no running pod of \(service) in \(namespace)")
        }
        return pod.name
    }

    /// Runs a mongo shell script in the Mongo pod of `service` as `login`.
    /// - Throws: ``FaultError`` `.commandFailed` with the shell's output when it exits non-zero.
    @discardableResult
    func mongo(
        _ service: MongoBackedService, _ script: String, as login: MongoAdminScript.Login
    ) async throws -> KubectlResult {
        let result = try await mongoAllowingFailure(service, script, as: login)
        guard result.exitCode == 0 else {
            throw FaultError(
                .commandFailed, "mongo in \(service.mongoName) failed (exit \(result.exitCode))",
                cause: (result.stdout + result.stderr).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result
    }

    /// Runs a mongo shell script in the Mongo pod of `service` and returns the result whatever the exit code.
    func mongoAllowingFailure(
        _ service: MongoBackedService, _ script: String, as login: MongoAdminScript.Login
    ) async throws -> KubectlResult {
        let pod = try await runningPod(of: service.mongoName)
        let arguments = ["exec", "-n", namespace, pod, "--"] + MongoAdminScript.command(script, as: login)
        let result = await kubectl.run(arguments)
        Self.logger.debug(
            "mongo", metadata: ["pod": "\(pod)", "exit": "\(result.exitCode)", "script": "\(script)"])
        return result
    }

    /// The Deployment `name`.
    func deployment(_ name: String) async throws -> JSONValue {
        try await client.get(.deployments, namespace: namespace, name: name)
    }

    /// The Service `name`.
    func service(_ name: String) async throws -> JSONValue {
        try await client.get(.services, namespace: namespace, name: name)
    }
}
