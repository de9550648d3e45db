// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "OpsLab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "opslab", targets: ["opslab"]),
        .library(name: "OpsLabCore", targets: ["OpsLabCore"]),
        .library(name: "OpsLabKube", targets: ["OpsLabKube"]),
        .library(name: "OpsLabCluster", targets: ["OpsLabCluster"]),
        .library(name: "OpsLabApps", targets: ["OpsLabApps"]),
        .library(name: "OpsLabWorkload", targets: ["OpsLabWorkload"]),
        .library(name: "OpsLabFaults", targets: ["OpsLabFaults"]),
        .library(name: "OpsLabTelemetry", targets: ["OpsLabTelemetry"]),
        .library(name: "OpsLabOrchestrator", targets: ["OpsLabOrchestrator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
    ],
    targets: [
        .target(name: "OpsLabCore"),
        .target(
            name: "OpsLabKube",
            dependencies: [
                "OpsLabCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "OpsLabCluster",
            dependencies: [
                "OpsLabCore",
                "OpsLabKube",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .target(
            name: "OpsLabApps",
            dependencies: [
                "OpsLabCore",
                "OpsLabKube",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            resources: [.copy("Resources/apps")]
        ),
        .target(
            name: "OpsLabWorkload",
            dependencies: [
                "OpsLabCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(
            name: "OpsLabTelemetry",
            dependencies: [
                "OpsLabCore",
                "OpsLabKube",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "OpsLabFaults",
            dependencies: [
                "OpsLabCore",
                "OpsLabKube",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "OpsLabOrchestrator",
            dependencies: [
                "OpsLabCore",
                "OpsLabKube",
                "OpsLabCluster",
                "OpsLabApps",
                "OpsLabWorkload",
                "OpsLabFaults",
                "OpsLabTelemetry",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .executableTarget(
            name: "opslab",
            dependencies: [
                "OpsLabCore",
                "OpsLabKube",
                "OpsLabCluster",
                "OpsLabApps",
                "OpsLabWorkload",
                "OpsLabOrchestrator",
                "OpsLabTelemetry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "OpsLabCoreTests", dependencies: ["OpsLabCore"]),
        .testTarget(name: "OpsLabKubeTests", dependencies: ["OpsLabKube"]),
        .testTarget(name: "OpsLabAppsTests", dependencies: ["OpsLabApps", "OpsLabKube"]),
        .testTarget(name: "OpsLabWorkloadTests", dependencies: ["OpsLabWorkload"]),
        .testTarget(
            name: "OpsLabTelemetryTests",
            dependencies: ["OpsLabTelemetry", "OpsLabCore", "OpsLabKube", "OpsLabCluster", "OpsLabApps"]
        ),
        .testTarget(
            name: "OpsLabFaultsTests",
            dependencies: ["OpsLabFaults", "OpsLabKube", "OpsLabCluster", "OpsLabApps", "OpsLabCore"]
        ),
        .testTarget(
            name: "OpsLabOrchestratorTests",
            dependencies: [
                "OpsLabOrchestrator", "OpsLabCore", "OpsLabKube", "OpsLabCluster", "OpsLabApps", "OpsLabFaults",
                "OpsLabTelemetry",
            ]
        ),
        .testTarget(
            name: "OpsLabClusterTests",
            dependencies: [
                "OpsLabCluster", "OpsLabKube", "OpsLabApps",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
