// swift-tools-version: 6.0
//
// rmqlint: a policy-as-code linter for RabbitMQ high availability in
// Kolla-Ansible deployments. See README.md and docs/spec.md §2.

import PackageDescription

let package = Package(
    name: "rmqlint",
    // Linux only: no CI builds another platform, so none is declared. The CLI's C-library
    // calls are in Sources/rmqlint/Platform.swift and LocalFileSystem.swift only.
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

        // MARK: Core library, as modules the compiler holds apart
        //
        // The files stay where they are (one directory, disjoint `sources:` lists); the
        // modules below are layered bottom-up, and a module may import only those above it
        // in this list. A backward dependency (model → output, knowledge → engine) does
        // not compile. docs/architecture.md draws the layers.

        /// Source text, locations, the file system, severities, secret masking, shared text helpers.
        .target(
            name: "RMQLintSource",
            path: "Sources/RMQLintCore",
            sources: [
                "Source", "FileSystem", "Engine/Severity.swift", "Loaders/LoadDiagnostic.swift",
                "Output/Redactor.swift", "Output/JSONValue.swift",
            ]
        ),
        /// The Jinja expression and template subset Kolla's templates use.
        .target(
            name: "RMQLintJinja",
            dependencies: ["RMQLintSource"],
            path: "Sources/RMQLintCore",
            sources: ["Jinja"]
        ),
        /// Facts about Kolla-Ansible, oslo.messaging and RabbitMQ, per release: services,
        /// variables, rendered templates, policy patterns, queue names, the tree layout.
        .target(
            name: "RMQLintKnowledge",
            dependencies: ["RMQLintSource", "RMQLintJinja"],
            path: "Sources/RMQLintCore",
            sources: ["Kolla", "RabbitMQ", "Discovery/FileRole.swift"]
        ),
        /// Parsers (YAML, INI, HAProxy, inventory, rabbitmq.conf) and tree discovery.
        /// Rules never import this module.
        .target(
            name: "RMQLintLoaders",
            dependencies: ["CYAML", "RMQLintSource", "RMQLintJinja", "RMQLintKnowledge"],
            path: "Sources/RMQLintCore",
            sources: [
                "Loaders/Erlang", "Loaders/HAProxy", "Loaders/INI", "Loaders/Inventory", "Loaders/JSON", "Loaders/RabbitMQ", "Loaders/YAML",
                "Discovery/Discovery.swift",
            ]
        ),
        /// The deployment model and the effective model (what Kolla would render): the only
        /// thing rules read.
        .target(
            name: "RMQLintModel",
            dependencies: ["RMQLintSource", "RMQLintJinja", "RMQLintKnowledge", "RMQLintLoaders"],
            path: "Sources/RMQLintCore",
            sources: [
                "Model/AMQPProxies.swift", "Model/Deployment.swift", "Model/Effective", "Model/HAProxyEndpoint.swift",
                "Model/HAProxyKeywords.swift", "Model/HAProxyModel.swift", "Model/Heartbeats.swift",
                "Model/OverrideReads.swift", "Model/ReleaseResolution.swift", "Model/FileLoader.swift", "Model/ModelBuilder.swift",
            ]
        ),
        /// The rule API: `Rule`, `RuleDescription`, examples, findings, suppressions.
        .target(
            name: "RMQLintEngine",
            dependencies: ["RMQLintSource", "RMQLintKnowledge", "RMQLintModel"],
            path: "Sources/RMQLintCore",
            sources: [
                "Engine/CandidateBlock.swift", "Engine/Finding.swift", "Engine/Fix.swift", "Engine/LintContext.swift", "Engine/Rule.swift", "Engine/RuleDescription.swift",
                "Engine/RuleExample.swift", "Engine/SuppressionAuditRule.swift", "Engine/ToolInfo.swift",
                "Engine/Violation.swift", "Suppression",
            ]
        ),
        /// The pipeline: configuration, file loading, model building, running rules,
        /// baselines, reports and reporters. Re-exports every module above, so the CLI and
        /// tests write `import RMQLintCore`.
        .target(
            name: "RMQLintCore",
            dependencies: [
                "RMQLintSource", "RMQLintJinja", "RMQLintKnowledge", "RMQLintLoaders", "RMQLintModel", "RMQLintEngine",
            ],
            path: "Sources/RMQLintCore",
            sources: [
                "RMQLintCore.swift", "Engine/InputFileError.swift", "Engine/LintOptions.swift", "Engine/Linter.swift",
                "Engine/CandidateMerge.swift", "Engine/CandidateWording.swift", "Engine/MessageMerger.swift",
                "Engine/MergedMessage.swift", "Engine/RuleSelector.swift",
                "Configuration", "Baseline", "Fixing", "Policies",
                "Output/EffectiveReport.swift", "Output/GitHubReporter.swift", "Output/JSONReporter.swift",
                "Output/LintReport.swift", "Output/Reporters.swift", "Output/RuleCatalog.swift",
                "Output/SARIFReporter.swift", "Output/SecretCollector.swift", "Output/TextReporter.swift",
                "Output/JSONStream.swift", "Output/ReportSink.swift",
            ]
        ),

        // MARK: Rules

        /// One file per rule, each carrying its metadata and examples.
        .target(
            name: "RMQLintRules",
            // The model and the rule API only: a rule that imports a loader or the
            // pipeline does not build (RuleImportTests checks the import lines too).
            dependencies: ["RMQLintSource", "RMQLintJinja", "RMQLintKnowledge", "RMQLintModel", "RMQLintEngine"],
            path: "Rules",
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
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
