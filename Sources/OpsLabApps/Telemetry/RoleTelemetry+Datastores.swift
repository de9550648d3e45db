import Foundation
import Prometheus
import Tracing

/// One database operation as telemetry names it.
public struct DatabaseOperation: Sendable, Equatable {
    /// `db.system`, e.g. `mongodb`.
    public var system: String
    /// The database, e.g. `geo-db`.
    public var database: String
    /// The collection, or empty for database-level commands such as `ping`.
    public var collection: String
    /// The operation, e.g. `find`, `insert`, `ping`.
    public var operation: String
    /// The server's host as dialled, e.g. `mongodb-geo`.
    public var serverAddress: String
    /// The server's port.
    public var serverPort: Int

    /// Creates an operation.
    public init(
        system: String, database: String, collection: String, operation: String, serverAddress: String,
        serverPort: Int
    ) {
        self.system = system
        self.database = database
        self.collection = collection
        self.operation = operation
        self.serverAddress = serverAddress
        self.serverPort = serverPort
    }

    /// The span name: `<operation> <collection>`, or `<operation> <database>` without a collection.
    public var spanName: String { "\(operation) \(collection.isEmpty ? database : collection)" }
}

extension RoleTelemetry {
    /// Runs one database operation inside a client span and counts it by `outcome`.
    ///
    /// The span (child of `ServiceContext.current`; transport spans made inside become its children) carries
    /// `db.system`, `db.name`, `db.namespace`, `db.operation`, `db.operation.name`, `db.collection.name`,
    /// `db.mongodb.collection` (for MongoDB), `server.address`, `server.port` and `peer.service`; a failure sets
    /// the error status with the error's text (e.g. `not authorized on geo-db to execute command …`).
    ///
    /// - Parameter outcome: the `outcome` label of a failure (success is `ok`).
    public func observeDatabase<Result: Sendable>(
        _ operation: DatabaseOperation, outcome: (any Error) -> String,
        _ perform: @Sendable () async throws -> Result
    ) async throws -> Result {
        let span = startSpan(operation.spanName, context: ServiceContext.current ?? .topLevel, kind: .client)
        if span.isRecording {
            span.updateAttributes { attributes in
                attributes["db.system"] = operation.system
                attributes["db.name"] = operation.database
                attributes["db.namespace"] = operation.database
                attributes["db.operation"] = operation.operation
                attributes["db.operation.name"] = operation.operation
                if !operation.collection.isEmpty {
                    attributes["db.collection.name"] = operation.collection
                    if operation.system == "mongodb" { attributes["db.mongodb.collection"] = operation.collection }
                }
                attributes["server.address"] = operation.serverAddress
                attributes["server.port"] = Int64(operation.serverPort)
                attributes["peer.service"] = operation.serverAddress
            }
        }
        let start = ContinuousClock.now
        do {
            let result = try await ServiceContext.$current.withValue(span.context) { try await perform() }
            recordDatabase(operation, outcome: "ok", duration: ContinuousClock.now - start)
            span.end()
            return result
        } catch {
            let label = outcome(error)
            recordDatabase(operation, outcome: label, duration: ContinuousClock.now - start)
            if span.isRecording {
                span.attributes["error.type"] = label
                Self.fail(span, error: error, message: "\(error)")
            }
            span.end()
            throw error
        }
    }

    /// Runs one cache call inside a client span and counts it: `perform` returns how many keys hit and missed
    /// (both 0 for a write, counted as `ok`); a failure counts one `error`.
    ///
    /// The span is named `<operation> <server>` and carries `db.system` (`memcached`), `db.operation`,
    /// `db.operation.name`, `server.address`, `server.port`, `peer.service` and, for reads, `cache.hits` and
    /// `cache.misses`.
    public func observeCache<Result: Sendable>(
        operation: String, server: String, port: Int,
        _ perform: @Sendable () async throws -> (result: Result, hits: Int, misses: Int)
    ) async throws -> Result {
        let span = startSpan("\(operation) \(server)", context: ServiceContext.current ?? .topLevel, kind: .client)
        if span.isRecording {
            span.updateAttributes { attributes in
                attributes["db.system"] = "memcached"
                attributes["db.operation"] = operation
                attributes["db.operation.name"] = operation
                attributes["server.address"] = server
                attributes["server.port"] = Int64(port)
                attributes["peer.service"] = server
            }
        }
        let start = ContinuousClock.now
        do {
            let outcome = try await perform()
            let duration = ContinuousClock.now - start
            if outcome.hits == 0, outcome.misses == 0 {
                recordCache(operation: operation, result: "ok", count: 1, duration: duration)
            } else {
                recordCache(operation: operation, result: "hit", count: outcome.hits, duration: duration)
                recordCache(operation: operation, result: "miss", count: outcome.misses, duration: nil)
                if span.isRecording {
                    span.attributes["cache.hits"] = Int64(outcome.hits)
                    span.attributes["cache.misses"] = Int64(outcome.misses)
                }
            }
            span.end()
            return outcome.result
        } catch {
            recordCache(operation: operation, result: "error", count: 1, duration: ContinuousClock.now - start)
            if span.isRecording {
                span.attributes["error.type"] = String(describing: type(of: error))
                Self.fail(span, error: error, message: "\(error)")
            }
            span.end()
            throw error
        }
    }

    /// Counts one database operation and records its duration.
    func recordDatabase(_ operation: DatabaseOperation, outcome: String, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.descriptor(RoleMetricName.dbOperations, "Database operations by outcome."),
            labels: [
                ("db_system", operation.system), ("db_name", collections.bounded(operation.database)),
                ("collection", collections.bounded(operation.collection)), ("operation", operation.operation),
                ("outcome", outcome),
            ]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.descriptor(RoleMetricName.dbDuration, "Time of a database operation."),
            labels: [("db_system", operation.system), ("operation", operation.operation)],
            buckets: RoleMetricName.latencyBuckets
        ).record(duration)
    }

    /// Adds `count` to a cache result (creating the series even for 0) and records the call's duration.
    func recordCache(operation: String, result: String, count: Int, duration: Duration?) {
        registry.makeCounter(
            descriptor: Self.descriptor(RoleMetricName.cacheOperations, "Cache operations (reads per key)."),
            labels: [("operation", operation), ("result", result)]
        ).increment(by: Int64(count))
        guard let duration else { return }
        registry.makeDurationHistogram(
            descriptor: Self.descriptor(RoleMetricName.cacheDuration, "Time of a cache call."),
            labels: [("operation", operation)], buckets: RoleMetricName.latencyBuckets
        ).record(duration)
    }
}
