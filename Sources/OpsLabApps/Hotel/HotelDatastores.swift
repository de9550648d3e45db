import Foundation
import OpsLabCore

/// Connects the hotel services to their datastore Services.
enum HotelDatastores {
    /// The service's database, through its Mongo Service (`mongodb://admin:admin@mongodb-geo:27017` for geo).
    static func documentStore(for service: HotelService, http: RoleHTTPClient) -> any HotelDocumentStore {
        HotelMongoStore(
            client: DocumentStoreClient(url: service.mongoURL ?? "mongodb://localhost:27017", http: http),
            database: service.databaseName)
    }

    /// A memcached Service.
    static func cache(address: String, resolver: ServiceResolver) -> any HotelCache {
        HotelMemcachedCache(client: MemcachedClient(address: address, resolver: resolver))
    }
}
