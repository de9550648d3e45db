/// A Pod (core/v1), with the fields the scheduler, kubelet and printers use.
///
/// Decode from the stored JSON to read; write back only the parts you own (e.g. `status`),
/// because fields not modelled here are not preserved by a typed round trip.
public struct Pod: Codable, Sendable, Hashable {
    public var metadata: ObjectMeta
    public var spec: PodSpec
    public var status: PodStatus?

    /// Creates a pod.
    public init(metadata: ObjectMeta, spec: PodSpec, status: PodStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// `spec` of a Pod.
public struct PodSpec: Codable, Sendable, Hashable {
    public var containers: [Container]
    public var initContainers: [Container]?
    public var nodeName: String?
    public var nodeSelector: [String: String]?
    public var restartPolicy: String?
    public var terminationGracePeriodSeconds: Int64?
    public var hostname: String?
    public var volumes: [Volume]?

    /// Creates a pod spec.
    public init(containers: [Container]) {
        self.containers = containers
    }
}

/// A volume of a Pod (only the sources the embedded cluster understands are modelled).
public struct Volume: Codable, Sendable, Hashable {
    public var name: String
    public var configMap: ConfigMapVolumeSource?
    public var secret: SecretVolumeSource?
    public var emptyDir: JSONObjectPlaceholder?

    /// A ConfigMap volume source.
    public struct ConfigMapVolumeSource: Codable, Sendable, Hashable {
        public var name: String?
        public var optional: Bool?
    }

    /// A Secret volume source.
    public struct SecretVolumeSource: Codable, Sendable, Hashable {
        public var secretName: String?
        public var optional: Bool?
    }
}

/// An object whose content is ignored (e.g. `emptyDir: {}`).
public struct JSONObjectPlaceholder: Codable, Sendable, Hashable {
    public init() {}
}

/// A container of a Pod.
public struct Container: Codable, Sendable, Hashable {
    public var name: String
    public var image: String?
    public var command: [String]?
    public var args: [String]?
    public var workingDir: String?
    public var env: [EnvVar]?
    public var ports: [ContainerPort]?
    public var resources: ResourceRequirements?
    public var readinessProbe: Probe?
    public var livenessProbe: Probe?
    public var startupProbe: Probe?
    public var imagePullPolicy: String?
    public var volumeMounts: [VolumeMount]?

    /// Creates a container.
    public init(name: String, image: String? = nil) {
        self.name = name
        self.image = image
    }
}

/// A volume mount of a container.
public struct VolumeMount: Codable, Sendable, Hashable {
    public var name: String
    public var mountPath: String
    public var readOnly: Bool?
    public var subPath: String?
}

/// One environment variable of a container.
public struct EnvVar: Codable, Sendable, Hashable {
    public var name: String
    public var value: String?
    public var valueFrom: EnvVarSource?

    /// Creates a variable with a literal value.
    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

/// Where an environment variable's value comes from.
public struct EnvVarSource: Codable, Sendable, Hashable {
    public var configMapKeyRef: KeySelector?
    public var secretKeyRef: KeySelector?
    public var fieldRef: FieldRef?

    /// A key of a ConfigMap or Secret.
    public struct KeySelector: Codable, Sendable, Hashable {
        public var name: String?
        public var key: String
        public var optional: Bool?
    }

    /// A field of the pod, e.g. `status.podIP`.
    public struct FieldRef: Codable, Sendable, Hashable {
        public var fieldPath: String
        public var apiVersion: String?
    }
}

/// A port a container exposes.
public struct ContainerPort: Codable, Sendable, Hashable {
    public var name: String?
    public var containerPort: Int
    public var `protocol`: String?

    /// Creates a port.
    public init(containerPort: Int, name: String? = nil) {
        self.containerPort = containerPort
        self.name = name
    }
}

/// CPU and memory limits and requests, as quantity strings.
public struct ResourceRequirements: Codable, Sendable, Hashable {
    public var limits: [String: Quantity]?
    public var requests: [String: Quantity]?
}

/// A probe of a container.
public struct Probe: Codable, Sendable, Hashable {
    public var httpGet: HTTPGetAction?
    public var tcpSocket: TCPSocketAction?
    public var exec: ExecAction?
    public var initialDelaySeconds: Int?
    public var timeoutSeconds: Int?
    public var periodSeconds: Int?
    public var successThreshold: Int?
    public var failureThreshold: Int?

    /// An HTTP GET probe.
    public struct HTTPGetAction: Codable, Sendable, Hashable {
        public var path: String?
        public var port: IntOrString
        public var host: String?
        public var scheme: String?
    }

    /// A TCP connect probe.
    public struct TCPSocketAction: Codable, Sendable, Hashable {
        public var port: IntOrString
        public var host: String?
    }

    /// A command probe.
    public struct ExecAction: Codable, Sendable, Hashable {
        public var command: [String]?
    }
}

/// `status` of a Pod.
public struct PodStatus: Codable, Sendable, Hashable {
    public var phase: String?
    public var conditions: [PodCondition]?
    public var hostIP: String?
    public var hostIPs: [IPEntry]?
    public var podIP: String?
    public var podIPs: [IPEntry]?
    public var startTime: String?
    public var containerStatuses: [ContainerStatus]?
    public var initContainerStatuses: [ContainerStatus]?
    public var qosClass: String?
    public var reason: String?
    public var message: String?

    /// Creates an empty status.
    public init(phase: String? = nil) {
        self.phase = phase
    }

    /// An `{ "ip": … }` entry.
    public struct IPEntry: Codable, Sendable, Hashable {
        public var ip: String
        public init(ip: String) { self.ip = ip }
    }
}

/// A condition of a Pod (`PodScheduled`, `Initialized`, `ContainersReady`, `Ready`, …).
public struct PodCondition: Codable, Sendable, Hashable {
    public var type: String
    public var status: String
    public var lastProbeTime: String?
    public var lastTransitionTime: String?
    public var reason: String?
    public var message: String?

    /// Creates a condition.
    public init(
        type: String, status: String, lastTransitionTime: String? = nil, reason: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.status = status
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
}

/// The observed state of one container.
public struct ContainerStatus: Codable, Sendable, Hashable {
    public var name: String
    public var state: ContainerState?
    public var lastState: ContainerState?
    public var ready: Bool
    public var restartCount: Int
    public var image: String
    public var imageID: String
    public var containerID: String?
    public var started: Bool?

    /// Creates a status.
    public init(name: String, image: String, ready: Bool = false, restartCount: Int = 0) {
        self.name = name
        self.image = image
        self.ready = ready
        self.restartCount = restartCount
        self.imageID = ""
    }
}

/// One of waiting, running or terminated.
public struct ContainerState: Codable, Sendable, Hashable {
    public var waiting: Waiting?
    public var running: Running?
    public var terminated: Terminated?

    public init(waiting: Waiting? = nil, running: Running? = nil, terminated: Terminated? = nil) {
        self.waiting = waiting
        self.running = running
        self.terminated = terminated
    }

    /// A container not yet running.
    public struct Waiting: Codable, Sendable, Hashable {
        public var reason: String?
        public var message: String?
        public init(reason: String?, message: String? = nil) {
            self.reason = reason
            self.message = message
        }
    }

    /// A running container.
    public struct Running: Codable, Sendable, Hashable {
        public var startedAt: String?
        public init(startedAt: String?) { self.startedAt = startedAt }
    }

    /// A container that exited.
    public struct Terminated: Codable, Sendable, Hashable {
        public var exitCode: Int32
        public var signal: Int32?
        public var reason: String?
        public var message: String?
        public var startedAt: String?
        public var finishedAt: String?
        public var containerID: String?
        public init(exitCode: Int32, signal: Int32? = nil, reason: String?, startedAt: String?, finishedAt: String?) {
            self.exitCode = exitCode
            self.signal = signal
            self.reason = reason
            self.startedAt = startedAt
            self.finishedAt = finishedAt
        }
    }
}
