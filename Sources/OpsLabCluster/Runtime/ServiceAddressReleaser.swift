import ServiceLifecycle

/// Gives a deleted Service's ClusterIP back to the allocator.
struct ServiceAddressReleaser: Service {
    let context: ClusterContext

    func run() async throws {
        let events = try await context.store.watch(
            .services, namespace: nil, since: await context.store.currentRevision)
        for await event in events where event.kind == .deleted {
            if let address = event.object[path: ["spec", "clusterIP"]]?.stringValue, address != "None" {
                context.releaseIP(address)
            }
        }
    }
}
