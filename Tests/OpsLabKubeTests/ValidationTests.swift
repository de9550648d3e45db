import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite struct ValidationTests {
    static func deployment(replicas: Int64 = 1, image: String = "geo:1") -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "geo", "namespace": "hotel", "labels": ["app": "geo"]],
            "spec": [
                "replicas": .int(replicas),
                "selector": ["matchLabels": ["app": "geo"]],
                "template": [
                    "metadata": ["labels": ["app": "geo"]],
                    "spec": [
                        "containers": [["name": "geo", "image": .string(image), "ports": [["containerPort": 8083]]]]
                    ],
                ],
            ],
        ]
    }

    static let service: JSONValue = [
        "apiVersion": "v1", "kind": "Service",
        "metadata": ["name": "geo", "namespace": "hotel"],
        "spec": ["selector": ["app": "geo"], "ports": [["name": "http", "port": 8083, "targetPort": 8083]]],
    ]

    static func messages(_ object: JSONValue, _ type: ResourceType) -> [String] {
        ObjectValidator.validate(object, type: type).map(\.description)
    }

    // MARK: names

    @Test func validObjectsHaveNoErrors() {
        #expect(Self.messages(Self.deployment(), .deployments) == [])
        #expect(Self.messages(Self.service, .services) == [])
        #expect(Self.messages(["metadata": ["name": "hotel-reservation"]], .namespaces) == [])
        #expect(Self.messages(["metadata": ["name": "c"], "data": ["a.conf": "x"]], .configMaps) == [])
    }

    @Test func nameRequiredAndSubdomainWording() {
        var object = Self.deployment()
        object[path: ["metadata", "name"]] = nil
        #expect(
            Self.messages(object, .deployments) == ["metadata.name: Required value: name or generateName is required"])
        object.name = "Geo_1"
        #expect(
            Self.messages(object, .deployments) == [
                "metadata.name: Invalid value: \"Geo_1\": a lowercase RFC 1123 subdomain must consist of lower case "
                    + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                    + "(e.g. "
                    + "'example.com', regex used for validation is "
                    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            ])
    }

    @Test func generateNameIsCheckedAsPrefix() {
        var object = Self.deployment()
        object[path: ["metadata", "name"]] = nil
        object[path: ["metadata", "generateName"]] = "geo-"
        #expect(Self.messages(object, .deployments) == [])
        object[path: ["metadata", "generateName"]] = "Geo-"
        #expect(ObjectValidator.validate(object, type: .deployments).map(\.field) == ["metadata.generateName"])
    }

    @Test func namespaceNameIsDNSLabel() {
        let errors = ObjectValidator.validate(["metadata": ["name": "a.b"]], type: .namespaces)
        #expect(
            errors.map(\.description) == [
                "metadata.name: Invalid value: \"a.b\": a lowercase RFC 1123 label must consist of lower case "
                    + "alphanumeric "
                    + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
                    + "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            ])
    }

    @Test func serviceNameIsDNS1035Label() {
        var service = Self.service
        service.name = "1geo"
        let errors = ObjectValidator.validate(service, type: .services)
        #expect(errors.count == 1)
        #expect(errors.first?.detail.hasPrefix("a DNS-1035 label must consist of lower case alphanumeric") == true)
    }

    @Test func labelKeysAndValues() {
        var object = Self.deployment()
        object.labels = ["bad key": "ok", "good": "bad value!"]
        let errors = ObjectValidator.validate(object, type: .deployments)
        #expect(errors.map(\.field) == ["metadata.labels", "metadata.labels"])
        #expect(
            errors[0].description.hasPrefix("metadata.labels: Invalid value: \"bad key\": name part must consist of"))
        #expect(
            errors[1].description.hasPrefix("metadata.labels: Invalid value: \"bad value!\": a valid label must be"))
        #expect(NameValidation.qualifiedName("example.com/app") == [])
        #expect(NameValidation.qualifiedName("/app") == ["prefix part must be non-empty"])
        #expect(NameValidation.labelValue(String(repeating: "a", count: 64)) == ["must be no more than 63 characters"])
    }

    // MARK: workloads

    @Test func negativeReplicas() {
        let errors = ObjectValidator.validate(Self.deployment(replicas: -1), type: .deployments)
        #expect(errors.map(\.description) == ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"])
        let status = APIStatus.invalid(kind: "Deployment", group: "apps", name: "geo", causes: errors)
        #expect(
            status.message
                == "Deployment.apps \"geo\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        )
    }

    @Test func imageRequiredWithKubernetesPath() {
        let errors = ObjectValidator.validate(Self.deployment(image: ""), type: .deployments)
        #expect(errors.map(\.description) == ["spec.template.spec.containers[0].image: Required value"])
    }

    @Test func selectorMustMatchTemplate() {
        var object = Self.deployment()
        object[path: ["spec", "template", "metadata", "labels"]] = ["app": "other"]
        let errors = ObjectValidator.validate(object, type: .deployments)
        #expect(errors.map(\.field) == ["spec.template.metadata.labels"])
        #expect(errors.first?.detail == "`selector` does not match template `labels`")
        #expect(errors.first?.type == .invalid(["app": "other"]))
    }

    @Test func selectorRequiredAndNotEmpty() {
        var object = Self.deployment()
        object[path: ["spec", "selector"]] = nil
        #expect(Self.messages(object, .replicaSets) == ["spec.selector: Required value"])
        object[path: ["spec", "selector"]] = [:]
        #expect(
            ObjectValidator.validate(object, type: .replicaSets).map(\.detail) == [
                "empty selector is invalid for deployment"
            ])
        object[path: ["spec", "selector"]] = ["matchExpressions": [["key": "app", "operator": "Near"]]]
        #expect(
            Self.messages(object, .replicaSets) == [
                "spec.selector.matchExpressions[0].operator: Invalid value: \"Near\": not a valid selector operator"
            ])
    }

    @Test func matchExpressionsSelectorIsUsed() {
        var object = Self.deployment()
        object[path: ["spec", "selector"]] = [
            "matchExpressions": [["key": "app", "operator": "In", "values": ["geo", "x"]]]
        ]
        #expect(Self.messages(object, .deployments) == [])
        object[path: ["spec", "selector"]] = [
            "matchExpressions": [["key": "app", "operator": "NotIn", "values": ["geo"]]]
        ]
        #expect(ObjectValidator.validate(object, type: .deployments).map(\.field) == ["spec.template.metadata.labels"])
    }

    @Test func containersRequiredDuplicateAndInvalidNames() {
        var object = Self.deployment()
        object[path: ["spec", "template", "spec", "containers"]] = []
        #expect(Self.messages(object, .deployments) == ["spec.template.spec.containers: Required value"])
        object[path: ["spec", "template", "spec", "containers"]] = [
            ["name": "geo", "image": "a"], ["name": "geo", "image": "b"], ["name": "Bad_Name", "image": "c"],
        ]
        let errors = ObjectValidator.validate(object, type: .deployments)
        #expect(
            errors.map(\.field) == ["spec.template.spec.containers[1].name", "spec.template.spec.containers[2].name"])
        #expect(errors[0].description == "spec.template.spec.containers[1].name: Duplicate value: \"geo\"")
    }

    @Test func containerPortsAndEnv() {
        let pod: JSONValue = [
            "metadata": ["name": "p"],
            "spec": [
                "containers": [
                    [
                        "name": "c", "image": "i",
                        "ports": [["containerPort": 70000], ["containerPort": 80, "protocol": "HTTP"], ["name": "x"]],
                        "env": [["name": "1BAD"], ["value": "v"]],
                    ]
                ],
                "restartPolicy": "Sometimes",
            ],
        ]
        let descriptions = Self.messages(pod, .pods)
        #expect(
            descriptions.contains(
                "spec.containers[0].ports[0].containerPort: Invalid value: 70000: "
                    + "must be between 1 and 65535, inclusive"
            ))
        #expect(
            descriptions.contains(
                "spec.containers[0].ports[1].protocol: Unsupported value: \"HTTP\": "
                    + "supported values: \"SCTP\", \"TCP\", \"UDP\""
            ))
        #expect(descriptions.contains("spec.containers[0].ports[2].containerPort: Required value"))
        #expect(
            descriptions.contains {
                $0.hasPrefix(
                    "spec.containers[0].env[0].name: Invalid value: \"1BAD\": a valid environment variable name")
            })
        #expect(descriptions.contains("spec.containers[0].env[1].name: Required value"))
        #expect(
            descriptions.contains(
                "spec.restartPolicy: Unsupported value: \"Sometimes\": "
                    + "supported values: \"Always\", \"Never\", \"OnFailure\""
            ))
        #expect(descriptions.count == 6)
    }

    @Test func templateRestartPolicyMustBeAlways() {
        var object = Self.deployment()
        object[path: ["spec", "template", "spec", "restartPolicy"]] = "Never"
        #expect(
            Self.messages(object, .deployments) == [
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""
            ])
    }

    @Test func deploymentStrategy() {
        var object = Self.deployment()
        object[path: ["spec", "strategy"]] = ["type": "Blue"]
        #expect(ObjectValidator.validate(object, type: .deployments).map(\.field) == ["spec.strategy.type"])
        // ReplicaSets have no strategy to check.
        #expect(ObjectValidator.validate(object, type: .replicaSets) == [])
    }

    // MARK: services

    @Test func servicePortsRequiredAndRanges() {
        var service = Self.service
        service[path: ["spec", "ports"]] = []
        #expect(Self.messages(service, .services) == ["spec.ports: Required value"])
        service[path: ["spec", "clusterIP"]] = "None"
        #expect(Self.messages(service, .services) == [])
        service[path: ["spec", "ports"]] = [
            ["name": "a", "port": 0, "targetPort": 70000, "protocol": "ICMP"],
            ["port": 80, "targetPort": "Bad_Name"],
        ]
        #expect(
            Self.messages(service, .services) == [
                "spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.ports[1].name: Required value",
                "spec.ports[1].targetPort: Invalid value: \"Bad_Name\": "
                    + "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            ])
    }

    @Test func serviceTargetPortNameAndType() {
        var service = Self.service
        service[path: ["spec", "ports"]] = [["port": 80, "targetPort": "http"]]
        #expect(Self.messages(service, .services) == [])
        service[path: ["spec", "type"]] = "Internal"
        #expect(
            Self.messages(service, .services) == [
                "spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", "
                    + "\"LoadBalancer\", \"NodePort\""
            ])
        service[path: ["spec", "type"]] = "ClusterIP"
        service[path: ["spec", "ports"]] = [["port": 80, "nodePort": 30080]]
        #expect(
            Self.messages(service, .services) == [
                "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"
            ])
        service[path: ["spec", "type"]] = "NodePort"
        #expect(Self.messages(service, .services) == [])
        service[path: ["spec", "ports"]] = [["port": 80], ["port": 80]]
        #expect(ObjectValidator.validate(service, type: .services).map(\.field).contains("spec.ports[1]"))
    }

    @Test func portNameRules() {
        #expect(NameValidation.portName("http") == [])
        #expect(NameValidation.portName("8080") == ["must contain at least one letter (a-z)"])
        #expect(NameValidation.portName("a--b") == ["must not contain consecutive hyphens"])
        #expect(NameValidation.portName("-ab") == ["must not begin or end with a hyphen"])
        #expect(NameValidation.portName("averyveryverylongname") == ["must be no more than 15 characters"])
    }

    // MARK: config

    @Test func configMapAndSecretKeys() {
        let configMap: JSONValue = [
            "metadata": ["name": "c"], "data": ["bad key": "x", "k": "v"], "binaryData": ["k": "eA=="],
        ]
        #expect(ObjectValidator.validate(configMap, type: .configMaps).map(\.field) == ["data[bad key]", "data[k]"])
        let secret: JSONValue = ["metadata": ["name": "s"], "type": "kubernetes.io/tls", "data": ["tls.crt": "x"]]
        #expect(Self.messages(secret, .secrets) == ["data[tls.key]: Required value"])
    }

    // MARK: unknown fields

    @Test func unknownFieldsInDeployment() {
        var object = Self.deployment()
        object[path: ["spec", "replica"]] = 3
        object[path: ["spec", "template", "spec", "containers"]] = [["name": "geo", "image": "x", "imagee": "y"]]
        object[path: ["metadata", "labels"]] = ["anything.io/goes": "x"]
        object[path: ["metadata", "annotations"]] = ["whatever": "x"]
        #expect(
            UnknownFieldChecker.unknownFields(object, kind: "Deployment") == [
                ".spec.replica", ".spec.template.spec.containers[0].imagee",
            ])
        #expect(
            UnknownFieldChecker.messages(object, kind: "Deployment") == [
                "unknown field \"spec.replica\"", "unknown field \"spec.template.spec.containers[0].imagee\"",
            ])
    }

    @Test func knownFieldsAreAccepted() {
        let pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": [
                "name": "p", "labels": ["a": "b"],
                "ownerReferences": [["kind": "ReplicaSet", "name": "r", "uid": "u"]],
            ],
            "spec": [
                "nodeSelector": ["kubernetes.io/hostname": "n"],
                "containers": [
                    [
                        "name": "c", "image": "i",
                        "env": [["name": "A", "valueFrom": ["fieldRef": ["fieldPath": "x"]]]],
                        "resources": ["limits": ["cpu": "1", "memory": "1Gi"]],
                        "readinessProbe": ["httpGet": ["path": "/", "port": 80], "periodSeconds": 1],
                    ]
                ],
                "affinity": ["nodeAffinity": ["anything": true]],
                "volumes": [["name": "v", "emptyDir": [:]]],
            ],
            "status": ["phase": "Running", "whatever": 1],
        ]
        #expect(UnknownFieldChecker.unknownFields(pod, kind: "Pod") == [])
        #expect(UnknownFieldChecker.unknownFields(["foo": 1], kind: "Widget") == [])
    }

    @Test func unknownFieldsInOtherKinds() {
        #expect(
            UnknownFieldChecker.unknownFields(["spec": ["ports": [["port": 1, "tragetPort": 2]]]], kind: "Service")
                == [".spec.ports[0].tragetPort"])
        #expect(
            UnknownFieldChecker.unknownFields(["data": ["x": "y"], "immutable": true, "dat": [:]], kind: "ConfigMap")
                == [".dat"])
        #expect(UnknownFieldChecker.unknownFields(["stringData": ["x": "y"], "type": "Opaque"], kind: "Secret") == [])
        #expect(
            UnknownFieldChecker.unknownFields(
                ["metadata": ["nam": "x"], "spec": ["finalizers": ["k"]]], kind: "Namespace")
                == [".metadata.nam"])
        #expect(
            UnknownFieldChecker.unknownFields(
                ["involvedObject": ["kind": "Pod", "nme": "x"], "reason": "R"], kind: "Event")
                == [".involvedObject.nme"])
        #expect(
            UnknownFieldChecker.unknownFields(
                ["subsets": [["addresses": [["ip": "1", "port": 2]]]]], kind: "Endpoints")
                == [".subsets[0].addresses[0].port"])
        #expect(
            UnknownFieldChecker.unknownFields(["spec": ["unschedulable": true, "taint": []]], kind: "Node") == [
                ".spec.taint"
            ])
    }
}
