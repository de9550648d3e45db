/// A Deployment (apps/v1), with the fields the deployment controller uses.
public struct Deployment: Codable, Sendable, Hashable {
    public var metadata: ObjectMeta
    public var spec: DeploymentSpec
    public var status: DeploymentStatus?
}

/// `spec` of a Deployment.
public struct DeploymentSpec: Codable, Sendable, Hashable {
    public var replicas: Int?
    public var selector: LabelSelectorSpec
    public var template: PodTemplateSpec
    public var revisionHistoryLimit: Int?
    public var minReadySeconds: Int?
    public var paused: Bool?
    public var strategy: DeploymentStrategy?
}

/// The rollout strategy of a Deployment.
public struct DeploymentStrategy: Codable, Sendable, Hashable {
    public var type: String?
    public var rollingUpdate: RollingUpdate?

    /// Rolling update parameters.
    public struct RollingUpdate: Codable, Sendable, Hashable {
        public var maxUnavailable: IntOrString?
        public var maxSurge: IntOrString?
    }
}

/// `status` of a Deployment.
public struct DeploymentStatus: Codable, Sendable, Hashable {
    public var observedGeneration: Int64?
    public var replicas: Int?
    public var updatedReplicas: Int?
    public var readyReplicas: Int?
    public var availableReplicas: Int?
    public var unavailableReplicas: Int?
    public var conditions: [WorkloadCondition]?

    public init() {}
}

/// A condition of a Deployment or ReplicaSet.
public struct WorkloadCondition: Codable, Sendable, Hashable {
    public var type: String
    public var status: String
    public var lastUpdateTime: String?
    public var lastTransitionTime: String?
    public var reason: String?
    public var message: String?

    public init(type: String, status: String, reason: String?, message: String?, time: String?) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastUpdateTime = time
        self.lastTransitionTime = time
    }
}

/// A pod template.
public struct PodTemplateSpec: Codable, Sendable, Hashable {
    public var metadata: ObjectMeta?
    public var spec: PodSpec
}

/// A ReplicaSet (apps/v1).
public struct ReplicaSet: Codable, Sendable, Hashable {
    public var metadata: ObjectMeta
    public var spec: ReplicaSetSpec
    public var status: ReplicaSetStatus?
}

/// `spec` of a ReplicaSet.
public struct ReplicaSetSpec: Codable, Sendable, Hashable {
    public var replicas: Int?
    public var selector: LabelSelectorSpec
    public var template: PodTemplateSpec?
    public var minReadySeconds: Int?
}

/// `status` of a ReplicaSet.
public struct ReplicaSetStatus: Codable, Sendable, Hashable {
    public var replicas: Int
    public var fullyLabeledReplicas: Int?
    public var readyReplicas: Int?
    public var availableReplicas: Int?
    public var observedGeneration: Int64?

    public init(replicas: Int) { self.replicas = replicas }
}
