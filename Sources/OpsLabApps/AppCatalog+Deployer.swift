import Foundation
import OpsLabCore
import OpsLabKube

/// Installs and removes an app through a cluster's API, the way AIOpsLab does with kubectl: apply the
/// manifests into the app's namespace, then poll until every pod is Ready.
public struct AppDeployer: Sendable {
    /// The cluster's API client.
    public var client: KubeClient
    /// How often readiness is polled.
    public var pollInterval: Duration

    /// Creates a deployer.
    public init(client: KubeClient, pollInterval: Duration = .milliseconds(250)) {
        self.client = client
        self.pollInterval = pollInterval
    }

    /// Applies the app's manifests (`kubectl apply -f <folder> -n <namespace>`) and returns kubectl's output.
    /// - Throws: ``AppCatalogError`` with kubectl's error text when any object is refused.
    public func apply(_ app: AppDefinition) async throws -> String {
        let folder = try AppCatalog.manifestDirectory(for: app)
        let kubectl = Kubectl(client: client, defaultNamespace: app.namespace)
        let result = await kubectl.run(["apply", "-f", folder.path, "-n", app.namespace])
        guard result.exitCode == 0 else {
            throw AppCatalogError("applying \(app.name) failed:\n\(result.stdout)\(result.stderr)")
        }
        return result.stdout
    }

    /// The app's readiness now.
    public func readiness(_ app: AppDefinition) async throws -> AppReadiness {
        let deployments = try await client.list(.deployments, namespace: app.namespace)["items"]?.arrayValue ?? []
        let pods = try await client.list(.pods, namespace: app.namespace)["items"]?.arrayValue ?? []
        return AppReadiness(deployments: deployments, pods: pods)
    }

    /// Polls until every pod is Ready, reporting each snapshot to `progress`.
    /// - Throws: ``AppCatalogError`` naming what is not ready when `timeout` passes.
    public func waitUntilReady(
        _ app: AppDefinition, timeout: Duration, progress: @Sendable (AppReadiness) -> Void = { _ in }
    ) async throws -> AppReadiness {
        let deadline = ContinuousClock.now + timeout
        var last = AppReadiness(expected: 0, ready: 0, waitingFor: [])
        while true {
            if let snapshot = try? await readiness(app) {
                last = snapshot
                progress(snapshot)
                if snapshot.isComplete { return snapshot }
            }
            if ContinuousClock.now >= deadline {
                throw AppCatalogError(
                    "\(app.name) was not ready within \(timeout): \(last.progressLine)")
            }
            try await Task.sleep(for: pollInterval)
        }
    }

    /// Deletes the app's namespace (and with it everything in it); a missing namespace is not an error.
    /// - Returns: whether the namespace existed.
    @discardableResult
    public func delete(_ app: AppDefinition) async throws -> Bool {
        do {
            _ = try await client.delete(.namespaces, namespace: nil, name: app.namespace)
            return true
        } catch let status as APIStatus where status.code == 404 {
            return false
        }
    }

    /// Polls until the namespace and its pods are gone, reporting how many pods remain.
    public func waitUntilGone(
        _ app: AppDefinition, timeout: Duration, progress: @Sendable (_ podsLeft: Int) -> Void = { _ in }
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            var namespaceGone = false
            do {
                _ = try await client.get(.namespaces, namespace: nil, name: app.namespace)
            } catch let status as APIStatus where status.code == 404 {
                namespaceGone = true
            } catch {}
            let pods = try? await client.list(.pods, namespace: app.namespace)["items"]?.arrayValue?.count
            if namespaceGone, pods == 0 { return }
            progress(pods ?? 0)
            if ContinuousClock.now >= deadline {
                throw AppCatalogError("namespace \(app.namespace) still exists after \(timeout)")
            }
            try await Task.sleep(for: pollInterval)
        }
    }
}
