// swift-tools-version: 6.0
//
// libFuzzer targets for rmqlint (issue 6, SECURITY.md). A package of its own so the main
// package's `swift build` / `swift test` never need libFuzzer. Build and run through
// `scripts/fuzz.sh`, which passes `-sanitize=fuzzer,address`; a plain `swift build` here
// fails to link (nothing provides libFuzzer's `LLVMFuzzerRunDriver`). Each executable's
// main.swift hands its entry point to libFuzzer's driver.

import PackageDescription

/// One executable per libFuzzer entry point (`LLVMFuzzerTestOneInput`).
let entryPoints = ["yaml", "ini", "haproxy", "inventory", "jinja", "redactor", "pipeline", "erlang"]

let package = Package(
    name: "rmqlint-fuzz",
    dependencies: [
        .package(name: "rmqlint", path: ".."),
    ],
    targets: [
        /// Declares libFuzzer's `LLVMFuzzerRunDriver`.
        .target(name: "LibFuzzerDriver"),
        /// Helpers shared by the entry points: the driver, input slicing, invariant checks.
        .target(
            name: "FuzzSupport",
            dependencies: [
                "LibFuzzerDriver",
                .product(name: "RMQLintCore", package: "rmqlint"),
                .product(name: "RMQLintRules", package: "rmqlint"),
            ]
        ),
    ] + entryPoints.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: [
                "FuzzSupport",
                .product(name: "RMQLintCore", package: "rmqlint"),
                .product(name: "RMQLintRules", package: "rmqlint"),
            ]
        )
    }
)
