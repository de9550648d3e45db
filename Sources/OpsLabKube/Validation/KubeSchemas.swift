/// Compact schemas of the built-in kinds: the field names Kubernetes' OpenAPI declares.
///
/// Sub-structures OpsLab does not care about (affinity, security contexts, statuses, …) are `.any`, so they are
/// never reported as unknown.
enum KubeSchemas {
    static let objectMeta: FieldSchema = .object([
        "name": .leaf, "generateName": .leaf, "namespace": .leaf, "selfLink": .leaf, "uid": .leaf,
        "resourceVersion": .leaf, "generation": .leaf, "creationTimestamp": .leaf, "deletionTimestamp": .leaf,
        "deletionGracePeriodSeconds": .leaf, "labels": .map(.leaf), "annotations": .map(.leaf),
        "ownerReferences": .list(.leaves("apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion")),
        "finalizers": .list(.leaf), "managedFields": .any,
    ])

    static let labelSelector: FieldSchema = .object([
        "matchLabels": .map(.leaf),
        "matchExpressions": .list(.object(["key": .leaf, "operator": .leaf, "values": .list(.leaf)])),
    ])

    static let probe: FieldSchema = .object([
        "exec": .any, "grpc": .any,
        "httpGet": .object(["path": .leaf, "port": .leaf, "host": .leaf, "scheme": .leaf, "httpHeaders": .any]),
        "tcpSocket": .leaves("port", "host"),
        "initialDelaySeconds": .leaf, "timeoutSeconds": .leaf, "periodSeconds": .leaf, "successThreshold": .leaf,
        "failureThreshold": .leaf, "terminationGracePeriodSeconds": .leaf,
    ])

    static let container: FieldSchema = .object([
        "name": .leaf, "image": .leaf, "command": .list(.leaf), "args": .list(.leaf), "workingDir": .leaf,
        "ports": .list(.leaves("name", "hostPort", "containerPort", "protocol", "hostIP")),
        "envFrom": .list(.object(["prefix": .leaf, "configMapRef": .any, "secretRef": .any])),
        "env": .list(.object(["name": .leaf, "value": .leaf, "valueFrom": .any])),
        "resources": .object(["limits": .map(.leaf), "requests": .map(.leaf), "claims": .any]),
        "resizePolicy": .any, "restartPolicy": .leaf,
        "volumeMounts": .list(
            .leaves(
                "name", "readOnly", "recursiveReadOnly", "mountPath", "subPath", "mountPropagation", "subPathExpr")),
        "volumeDevices": .any, "livenessProbe": probe, "readinessProbe": probe, "startupProbe": probe,
        "lifecycle": .any, "terminationMessagePath": .leaf, "terminationMessagePolicy": .leaf,
        "imagePullPolicy": .leaf, "securityContext": .any, "stdin": .leaf, "stdinOnce": .leaf, "tty": .leaf,
    ])

    static let volume: FieldSchema = {
        let sources = [
            "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi",
            "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI",
            "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk",
            "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image",
        ]
        var fields = Dictionary(uniqueKeysWithValues: sources.map { ($0, FieldSchema.any) })
        fields["name"] = .leaf
        return .object(fields)
    }()

    static let podSpec: FieldSchema = .object([
        "volumes": .list(volume), "initContainers": .list(container), "containers": .list(container),
        "ephemeralContainers": .any, "restartPolicy": .leaf, "terminationGracePeriodSeconds": .leaf,
        "activeDeadlineSeconds": .leaf, "dnsPolicy": .leaf, "nodeSelector": .map(.leaf),
        "serviceAccountName": .leaf, "serviceAccount": .leaf, "automountServiceAccountToken": .leaf,
        "nodeName": .leaf, "hostNetwork": .leaf, "hostPID": .leaf, "hostIPC": .leaf, "shareProcessNamespace": .leaf,
        "securityContext": .any, "imagePullSecrets": .list(.leaves("name")), "hostname": .leaf, "subdomain": .leaf,
        "affinity": .any, "schedulerName": .leaf,
        "tolerations": .list(.leaves("key", "operator", "value", "effect", "tolerationSeconds")),
        "hostAliases": .any, "priorityClassName": .leaf, "priority": .leaf, "dnsConfig": .any,
        "readinessGates": .any, "runtimeClassName": .leaf, "enableServiceLinks": .leaf, "preemptionPolicy": .leaf,
        "overhead": .map(.leaf), "topologySpreadConstraints": .any, "setHostnameAsFQDN": .leaf, "os": .any,
        "hostUsers": .leaf, "schedulingGates": .any, "resourceClaims": .any, "resources": .any,
    ])

    static let podTemplate: FieldSchema = .object(["metadata": objectMeta, "spec": podSpec])

    static func top(_ fields: [String: FieldSchema]) -> FieldSchema {
        FieldSchema.object(["apiVersion": .leaf, "kind": .leaf, "metadata": objectMeta]).adding(fields)
    }

    static let pod = top(["spec": podSpec, "status": .any])

    static let deployment = top([
        "spec": .object([
            "replicas": .leaf, "selector": labelSelector, "template": podTemplate,
            "strategy": .object(["type": .leaf, "rollingUpdate": .leaves("maxUnavailable", "maxSurge")]),
            "minReadySeconds": .leaf, "revisionHistoryLimit": .leaf, "paused": .leaf, "progressDeadlineSeconds": .leaf,
        ]),
        "status": .any,
    ])

    static let replicaSet = top([
        "spec": .object([
            "replicas": .leaf, "minReadySeconds": .leaf, "selector": labelSelector, "template": podTemplate,
        ]),
        "status": .any,
    ])

    static let service = top([
        "spec": .object([
            "ports": .list(.leaves("name", "protocol", "appProtocol", "port", "targetPort", "nodePort")),
            "selector": .map(.leaf), "clusterIP": .leaf, "clusterIPs": .list(.leaf), "type": .leaf,
            "externalIPs": .list(.leaf), "sessionAffinity": .leaf, "loadBalancerIP": .leaf,
            "loadBalancerSourceRanges": .list(.leaf), "externalName": .leaf, "externalTrafficPolicy": .leaf,
            "healthCheckNodePort": .leaf, "publishNotReadyAddresses": .leaf, "sessionAffinityConfig": .any,
            "ipFamilies": .list(.leaf), "ipFamilyPolicy": .leaf, "allocateLoadBalancerNodePorts": .leaf,
            "loadBalancerClass": .leaf, "internalTrafficPolicy": .leaf, "trafficDistribution": .leaf,
        ]),
        "status": .any,
    ])

    static let configMap = top(["data": .map(.leaf), "binaryData": .map(.leaf), "immutable": .leaf])

    static let secret = top(["data": .map(.leaf), "stringData": .map(.leaf), "type": .leaf, "immutable": .leaf])

    static let namespace = top(["spec": .object(["finalizers": .list(.leaf)]), "status": .any])

    static let node = top([
        "spec": .object([
            "podCIDR": .leaf, "podCIDRs": .list(.leaf), "providerID": .leaf, "unschedulable": .leaf,
            "taints": .list(.leaves("key", "value", "effect", "timeAdded")), "configSource": .any,
            "externalID": .leaf,
        ]),
        "status": .any,
    ])

    static let endpoints: FieldSchema = {
        let address = FieldSchema.object(["ip": .leaf, "hostname": .leaf, "nodeName": .leaf, "targetRef": .any])
        return top([
            "subsets": .list(
                .object([
                    "addresses": .list(address), "notReadyAddresses": .list(address),
                    "ports": .list(.leaves("name", "port", "protocol", "appProtocol")),
                ]))
        ])
    }()

    static let event = top([
        "involvedObject": .leaves("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"),
        "reason": .leaf, "message": .leaf, "source": .leaves("component", "host"), "firstTimestamp": .leaf,
        "lastTimestamp": .leaf, "count": .leaf, "type": .leaf, "eventTime": .leaf, "series": .any, "action": .leaf,
        "related": .any, "reportingComponent": .leaf, "reportingInstance": .leaf,
    ])

    /// The schema of a kind, or `nil` for kinds without one.
    static func schema(kind: String) -> FieldSchema? {
        switch kind {
        case "Pod": return pod
        case "Deployment": return deployment
        case "ReplicaSet": return replicaSet
        case "Service": return service
        case "ConfigMap": return configMap
        case "Secret": return secret
        case "Namespace": return namespace
        case "Node": return node
        case "Endpoints": return endpoints
        case "Event": return event
        default: return nil
        }
    }
}
