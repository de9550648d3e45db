import Foundation
import Logging
import OpsLabCore
import OpsLabKube

/// The cluster's object database: every API object, keyed by type, namespace and name, with a
/// cluster-wide resourceVersion counter, watches, and a journal on disk.
///
/// The store is deliberately dumb: it checks existence, uniqueness and resourceVersions, assigns
/// uid/resourceVersion/creationTimestamp/generation, and fans changes out to watchers. API
/// semantics (validation, status subresources, graceful deletion, defaults) live in the API server.
public actor ObjectStore {
    struct Key: Hashable {
        var namespace: String
        var name: String
    }

    struct Watcher {
        var type: ResourceType
        var namespace: String?
        var continuation: AsyncStream<WatchEvent>.Continuation
    }

    private var buckets: [ResourceType: [Key: JSONValue]] = [:]
    private var revision: UInt64 = 1
    private var watchers: [UInt64: Watcher] = [:]
    private var nextWatcherID: UInt64 = 0
    private var history: [(type: ResourceType, event: WatchEvent)] = []
    private let historyLimit: Int
    private let now: @Sendable () -> Date
    private let journal: FileHandle?
    private let logger: Logger

    /// Creates a store.
    ///
    /// - Parameters:
    ///   - journalPath: where to append one JSON line per change, or `nil` for none.
    ///   - historyLimit: how many past changes a watch may resume from.
    ///   - now: the clock for creation and deletion timestamps.
    public init(
        journalPath: String? = nil, historyLimit: Int = 20_000, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "opslab.store")
    ) {
        self.historyLimit = historyLimit
        self.now = now
        self.logger = logger
        if let journalPath {
            _ = FileManager.default.createFile(atPath: journalPath, contents: nil)
            self.journal = FileHandle(forWritingAtPath: journalPath)
        } else {
            self.journal = nil
        }
    }

    /// The latest resourceVersion of the store.
    public var currentRevision: UInt64 { revision }

    /// Creates an object, filling in uid, resourceVersion, creationTimestamp and generation.
    ///
    /// Honours `metadata.generateName`. Throws AlreadyExists, or NotFound when the namespace is missing.
    @discardableResult
    public func create(_ type: ResourceType, _ input: JSONValue) throws -> JSONValue {
        var object = input
        object["apiVersion"] = .string(type.apiVersion)
        object["kind"] = .string(type.kind)
        if object.name.isEmpty, let prefix = object[path: ["metadata", "generateName"]]?.stringValue {
            var candidate: String
            repeat {
                candidate = prefix + Self.randomSuffix(length: 5)
            } while buckets[type]?[Key(namespace: object.namespace ?? "", name: candidate)] != nil
            object.name = candidate
        }
        let namespace = type.namespaced ? (object.namespace ?? "default") : ""
        if type.namespaced {
            object.namespace = namespace
            if buckets[.namespaces]?[Key(namespace: "", name: namespace)] == nil {
                throw APIStatus.notFound(.namespaces, name: namespace)
            }
        } else {
            object.namespace = nil
        }
        let key = Key(namespace: namespace, name: object.name)
        if buckets[type]?[key] != nil { throw APIStatus.alreadyExists(type, name: object.name) }
        revision += 1
        object[path: ["metadata", "uid"]] = .string(UUID().uuidString.lowercased())
        object.resourceVersion = String(revision)
        object[path: ["metadata", "creationTimestamp"]] = .string(Self.timestamp(now()))
        if object["spec"] != nil { object[path: ["metadata", "generation"]] = .int(1) }
        buckets[type, default: [:]][key] = object
        publish(type, WatchEvent(kind: .added, object: object, previous: nil, revision: revision))
        return object
    }

    /// Returns one object or throws NotFound.
    public func get(_ type: ResourceType, namespace: String?, name: String) throws -> JSONValue {
        guard let object = buckets[type]?[key(type, namespace, name)] else {
            throw APIStatus.notFound(type, name: name)
        }
        return object
    }

    /// Returns one object or `nil`.
    public func find(_ type: ResourceType, namespace: String?, name: String) -> JSONValue? {
        buckets[type]?[key(type, namespace, name)]
    }

    /// Lists objects, sorted by namespace then name, optionally filtered.
    public func list(
        _ type: ResourceType, namespace: String? = nil, labelSelector: LabelSelector? = nil,
        fieldSelector: FieldSelector? = nil
    ) -> (items: [JSONValue], revision: UInt64) {
        let items = (buckets[type] ?? [:])
            .filter { entry in
                guard type.namespaced, let namespace else { return true }
                return entry.key.namespace == namespace
            }
            .sorted { ($0.key.namespace, $0.key.name) < ($1.key.namespace, $1.key.name) }
            .map(\.value)
            .filter { object in
                (labelSelector?.matches(object.labels) ?? true) && (fieldSelector?.matches(object) ?? true)
            }
        return (items, revision)
    }

    /// Replaces an object. When `object` carries a resourceVersion that is not the current one,
    /// throws Conflict. An update that changes nothing keeps the resourceVersion and sends no event.
    ///
    /// uid and creationTimestamp are kept from the stored object; generation goes up when `spec` changes.
    @discardableResult
    public func update(_ type: ResourceType, _ input: JSONValue) throws -> JSONValue {
        let key = key(type, input.namespace, input.name)
        guard let existing = buckets[type]?[key] else { throw APIStatus.notFound(type, name: input.name) }
        if let expected = input.resourceVersion, !expected.isEmpty, expected != existing.resourceVersion {
            throw APIStatus.conflict(type, name: input.name)
        }
        var object = input
        object["apiVersion"] = .string(type.apiVersion)
        object["kind"] = .string(type.kind)
        if type.namespaced { object.namespace = key.namespace } else { object.namespace = nil }
        for field in ["uid", "creationTimestamp", "generation"] {
            object[path: ["metadata", field]] = existing[path: ["metadata", field]]
        }
        object.resourceVersion = existing.resourceVersion
        if object == existing { return existing }
        if object["spec"] != existing["spec"], let generation = existing[path: ["metadata", "generation"]]?.intValue {
            object[path: ["metadata", "generation"]] = .int(generation + 1)
        }
        revision += 1
        object.resourceVersion = String(revision)
        buckets[type, default: [:]][key] = object
        publish(type, WatchEvent(kind: .modified, object: object, previous: existing, revision: revision))
        return object
    }

    /// Reads, changes and writes back an object atomically (no Conflict possible).
    @discardableResult
    public func mutate(
        _ type: ResourceType, namespace: String?, name: String, _ body: (inout JSONValue) throws -> Void
    ) throws -> JSONValue {
        var object = try get(type, namespace: namespace, name: name)
        try body(&object)
        object.resourceVersion = nil
        object.name = name
        if type.namespaced { object.namespace = namespace }
        return try update(type, object)
    }

    /// Removes an object now and returns its last state. Throws NotFound.
    @discardableResult
    public func remove(_ type: ResourceType, namespace: String?, name: String, uid: String? = nil) throws -> JSONValue {
        let key = key(type, namespace, name)
        guard var object = buckets[type]?[key] else { throw APIStatus.notFound(type, name: name) }
        if let uid, object.uid != uid { throw APIStatus.notFound(type, name: name) }
        buckets[type]?[key] = nil
        let previous = object
        revision += 1
        object.resourceVersion = String(revision)
        publish(type, WatchEvent(kind: .deleted, object: object, previous: previous, revision: revision))
        return object
    }

    /// Streams changes of one type (optionally one namespace).
    ///
    /// With `since` = nil the stream first replays every existing object as ADDED (Kubernetes' "most recent"
    /// semantics); with a revision it replays the changes after it from history, or throws 410 Gone when that
    /// revision is older than the history kept.
    public func watch(_ type: ResourceType, namespace: String?, since: UInt64?) throws -> AsyncStream<WatchEvent> {
        var replay: [WatchEvent] = []
        if let since, since > 0 {
            if since < revision, let oldest = history.first?.event.revision, since + 1 < oldest {
                throw APIStatus(code: 410, reason: "Expired", message: "too old resource version: \(since) (\(oldest))")
            }
            replay = history.filter { $0.type == type && $0.event.revision > since }.map(\.event)
                .filter { namespace == nil || !type.namespaced || $0.object.namespace == namespace }
        } else {
            replay = list(type, namespace: namespace).items.map {
                WatchEvent(kind: .added, object: $0, previous: nil, revision: UInt64($0.resourceVersion ?? "") ?? 0)
            }
        }
        let (stream, continuation) = AsyncStream.makeStream(of: WatchEvent.self, bufferingPolicy: .unbounded)
        for event in replay { continuation.yield(event) }
        let id = nextWatcherID
        nextWatcherID += 1
        watchers[id] = Watcher(type: type, namespace: type.namespaced ? namespace : nil, continuation: continuation)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeWatcher(id) }
        }
        return stream
    }

    /// Ends every watch stream (used at shutdown).
    public func closeWatches() {
        for watcher in watchers.values { watcher.continuation.finish() }
        watchers.removeAll()
    }

    private func removeWatcher(_ id: UInt64) {
        watchers[id] = nil
    }

    private func publish(_ type: ResourceType, _ event: WatchEvent) {
        history.append((type, event))
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        for watcher in watchers.values where watcher.type == type {
            if let namespace = watcher.namespace, event.object.namespace != namespace { continue }
            watcher.continuation.yield(event)
        }
        if let journal {
            let line: JSONValue = [
                "rv": .int(Int64(event.revision)), "type": .string(event.kind.rawValue),
                "resource": .string(type.qualifiedPlural),
                "namespace": event.object.namespace.map(JSONValue.string) ?? .null,
                "name": .string(event.object.name), "time": .string(Self.timestamp(now())),
            ]
            journal.write(line.jsonData() + Data("\n".utf8))
        }
    }

    private func key(_ type: ResourceType, _ namespace: String?, _ name: String) -> Key {
        Key(namespace: type.namespaced ? (namespace ?? "default") : "", name: name)
    }

    /// RFC 3339 in UTC with second precision, as Kubernetes writes timestamps.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0,
            c.second ?? 0
        )
    }

    /// A random lower-case suffix from Kubernetes' alphabet (no vowels, no look-alikes).
    public static func randomSuffix(length: Int) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }
}
