// swift-tools-version: 6.0
//
// rmqlint: a policy-as-code linter for RabbitMQ high availability in
// Kolla-Ansible deployments. See README.md and docs/spec.md §2.

import PackageDescription

let package = Package(
    name: "rmqlint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rmqlint", targets: ["rmqlint"]),
        .library(name: "RMQLintCore", targets: ["RMQLintCore"]),
        .library(name: "RMQLintRules", targets: ["RMQLintRules"]),
    ],
    dependencies: [
        // The only third-party dependency: a thin, well-known CLI parser.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: System libraries

        /// libyaml through its event API: YAML 1.1 as Ansible reads it, with marks.
        .systemLibrary(
            name: "CYAML",
            path: "Sources/CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),

        // MARK: Core library

        /// Loaders, the deployment model, the rule engine and the reporters.
        .target(
            name: "RMQLintCore",
            dependencies: ["CYAML"],
            path: "Sources/RMQLintCore"
        ),

        // MARK: Rules

        /// One file per rule, each carrying its metadata and examples.
        .target(
            name: "RMQLintRules",
            dependencies: ["RMQLintCore"],
            path: "Rules"
        ),

        // MARK: CLI

        /// The thin command-line front end.
        .executableTarget(
            name: "rmqlint",
            dependencies: [
                "RMQLintCore",
                "RMQLintRules",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/rmqlint"
        ),

        // MARK: Tests

        .testTarget(
            name: "RMQLintCoreTests",
            dependencies: ["RMQLintCore"],
            path: "Tests/RMQLintCoreTests"
        ),
        .testTarget(
            name: "RMQLintRulesTests",
            dependencies: ["RMQLintCore", "RMQLintRules"],
            path: "Tests/RMQLintRulesTests"
        ),
        .testTarget(
            name: "RMQLintEndToEndTests",
            // The executable is a dependency so `swift test` always builds the binary it runs.
            dependencies: ["RMQLintCore", "RMQLintRules", "rmqlint"],
            path: "Tests/RMQLintEndToEndTests"
        ),
    ]
)
