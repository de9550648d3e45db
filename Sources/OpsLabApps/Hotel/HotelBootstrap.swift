import Foundation
import OpsLabCore

/// The start-up steps every service with a database shares, as the original's `initializeDatabase` does them:
/// dial (retrying while the database is unreachable), count a probe document, seed when it is missing.
///
/// A refused login is a panic (exit 2); a refused count or insert is `log.Fatal` (exit 1); both carry the
/// database's error text, so a crash-looping pod's log says what the database said.
public struct HotelBootstrap: Sendable {
    /// The service being started.
    public var service: HotelService
    /// Its database.
    public var store: any HotelDocumentStore
    /// Its log.
    public var logger: HotelLogger
    /// How long to keep retrying an unreachable database (pods start in any order).
    public var dialTimeout: Duration

    /// Creates the steps.
    public init(
        service: HotelService, store: any HotelDocumentStore, logger: HotelLogger,
        dialTimeout: Duration = .seconds(10)
    ) {
        self.service = service
        self.store = store
        self.logger = logger
        self.dialTimeout = dialTimeout
    }

    /// `cmd/<svc>/db.go` — where the original's database set-up lives (for log lines).
    var dbFile: String { "cmd/\(service.rawValue)/db.go" }

    /// Dials the database, retrying unreachable errors until ``dialTimeout``; an answer that refuses (e.g. a
    /// failed authentication) panics at once.
    public func dial() async throws {
        let deadline = ContinuousClock.now + dialTimeout
        while true {
            do {
                try await store.ping()
                logger.info("\(dbFile):29", "New session successfull...")
                return
            } catch let error as any HotelUnreachableError where error.isTransientDialFailure {
                // Not reachable yet (the database pod may still be starting): retry until the deadline.
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw HotelFatalError(.panic, "\(error)", caller: "\(dbFile):26")
            }
            if ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw HotelFatalError(.panic, "no reachable servers", caller: "\(dbFile):26")
    }

    /// Counts `probe` in `collection` and inserts `documents` when it is missing.
    public func seed(_ collection: String, probe: JSONValue, documents: @autoclosure () -> [JSONValue]) async throws {
        let count: Int
        do {
            count = try await store.count(collection, filter: probe)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw HotelFatalError(.fatal, "\(error)", caller: "\(dbFile):35")
        }
        guard count == 0 else { return }
        do {
            try await store.insertMany(collection, documents: documents())
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw HotelFatalError(.fatal, "\(error)", caller: "\(dbFile):40")
        }
    }

    /// Every document of `collection` decoded as `T` (the in-memory loads of geo, user and recommendation).
    /// A failure is logged as ERR and yields an empty list, as in the original.
    public func loadAll<T: Decodable>(_ collection: String, as type: T.Type, what: String) async -> [T] {
        do {
            return try await store.find(collection, filter: .emptyObject).compactMap { try? $0.decode(T.self) }
        } catch {
            logger.error("services/\(service.rawValue)/server.go:\(120)", "Failed get \(what) data: \(error)")
            return []
        }
    }

    /// Encodes values as documents.
    public static func documents<T: Encodable>(_ values: [T]) -> [JSONValue] {
        values.compactMap { try? JSONValue(encoding: $0) }
    }
}
