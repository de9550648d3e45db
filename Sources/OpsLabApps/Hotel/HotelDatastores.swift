import Foundation
import OpsLabCore

/// Connects the hotel services to their datastore Services.
enum HotelDatastores {
    /// The service's database, through its Mongo Service (`mongodb://admin:admin@mongodb-geo:27017` for geo),
    /// or at `address` when a config overrides the baked-in one.
    static func documentStore(
        for service: HotelService, address: String? = nil, http: RoleHTTPClient
    ) -> any HotelDocumentStore {
        let url = address.map { service.mongoURL(at: $0) } ?? service.mongoURL ?? "mongodb://localhost:27017"
        return HotelMongoStore(client: DocumentStoreClient(url: url, http: http), database: service.databaseName)
    }

    /// A memcached Service.
    static func cache(address: String, resolver: ServiceResolver) -> any HotelCache {
        HotelMemcachedCache(client: MemcachedClient(address: address, resolver: resolver))
    }
}
