/// A Service (core/v1). Named `KubeService` so it does not clash with swift-service-lifecycle's `Service`.
public struct KubeService: Codable, Sendable, Hashable {
    public var metadata: ObjectMeta
    public var spec: ServiceSpec
}

/// `spec` of a Service.
public struct ServiceSpec: Codable, Sendable, Hashable {
    public var type: String?
    public var selector: [String: String]?
    public var ports: [ServicePort]?
    public var clusterIP: String?
    public var clusterIPs: [String]?
    public var sessionAffinity: String?
}

/// One port of a Service.
public struct ServicePort: Codable, Sendable, Hashable {
    public var name: String?
    public var `protocol`: String?
    public var port: Int
    public var targetPort: IntOrString?
    public var nodePort: Int?
}

/// Endpoints (core/v1): the ready and not-ready addresses behind a Service.
public struct Endpoints: Codable, Sendable, Hashable {
    public var metadata: ObjectMeta
    public var subsets: [EndpointSubset]?
}

/// One subset of Endpoints.
public struct EndpointSubset: Codable, Sendable, Hashable {
    public var addresses: [EndpointAddress]?
    public var notReadyAddresses: [EndpointAddress]?
    public var ports: [EndpointPort]?

    public init(addresses: [EndpointAddress]?, notReadyAddresses: [EndpointAddress]?, ports: [EndpointPort]?) {
        self.addresses = addresses
        self.notReadyAddresses = notReadyAddresses
        self.ports = ports
    }
}

/// One address of an Endpoints subset.
public struct EndpointAddress: Codable, Sendable, Hashable {
    public var ip: String
    public var nodeName: String?
    public var targetRef: ObjectReference?

    public init(ip: String, nodeName: String?, targetRef: ObjectReference?) {
        self.ip = ip
        self.nodeName = nodeName
        self.targetRef = targetRef
    }
}

/// One port of an Endpoints subset.
public struct EndpointPort: Codable, Sendable, Hashable {
    public var name: String?
    public var port: Int
    public var `protocol`: String?

    public init(name: String?, port: Int, protocol: String?) {
        self.name = name
        self.port = port
        self.protocol = `protocol`
    }
}

/// A reference to an object, as events and endpoints carry it.
public struct ObjectReference: Codable, Sendable, Hashable {
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var uid: String?
    public var apiVersion: String?
    public var resourceVersion: String?
    public var fieldPath: String?

    public init(
        kind: String?, namespace: String?, name: String?, uid: String?, apiVersion: String? = nil,
        fieldPath: String? = nil
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.apiVersion = apiVersion
        self.fieldPath = fieldPath
    }
}
