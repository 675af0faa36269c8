// swift-tools-version: 6.2
import PackageDescription

/// Settings every Swift target shares: language mode 6 (the tools version default) and no warnings tolerated.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "PHIGuard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "phiguard", targets: ["phiguard"])
    ],
    targets: [
        // C libraries from Debian, each wrapped once as a system-library target.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", providers: [.apt(["libmicrohttpd-dev"])]),

        .target(name: "PHIGuardCore", swiftSettings: strict),
        .target(name: "PHIGuardCrypto", dependencies: ["PHIGuardCore", "COpenSSL"], swiftSettings: strict),
        .target(name: "PHIGuardStore", dependencies: ["PHIGuardCore", "CSQLite", "CPostgres"], swiftSettings: strict),
        .target(name: "PHIGuardHTTP", dependencies: ["PHIGuardCore", "CMicroHTTPD"], swiftSettings: strict),
        .target(
            name: "PHIGuardLedger", dependencies: ["PHIGuardCore", "PHIGuardCrypto", "PHIGuardStore"],
            exclude: ["README.md"], swiftSettings: strict),
        .target(name: "PHIGuardPolicy", dependencies: ["PHIGuardCore"], swiftSettings: strict),
        .target(
            name: "PHIGuardIdentity",
            dependencies: ["PHIGuardCore", "PHIGuardCrypto", "PHIGuardStore"],
            swiftSettings: strict
        ),
        .target(
            name: "PHIGuardAccess",
            dependencies: ["PHIGuardCore", "PHIGuardCrypto", "PHIGuardStore", "PHIGuardPolicy"],
            swiftSettings: strict
        ),
        .target(
            name: "PHIGuardCompliance", dependencies: ["PHIGuardCore", "PHIGuardCrypto", "PHIGuardStore"],
            swiftSettings: strict),
        .target(
            name: "PHIGuardServer",
            dependencies: [
                "PHIGuardCore", "PHIGuardCrypto", "PHIGuardStore", "PHIGuardHTTP", "PHIGuardIdentity", "PHIGuardLedger",
                "PHIGuardPolicy", "PHIGuardAccess", "PHIGuardCompliance",
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "phiguard", dependencies: ["PHIGuardServer", "PHIGuardCompliance"], swiftSettings: strict),
        .executableTarget(
            name: "phiguard-bench",
            dependencies: ["PHIGuardLedger", "PHIGuardStore", "PHIGuardCrypto", "PHIGuardCore", "PHIGuardPolicy"],
            path: "bench/Sources/phiguard-bench", swiftSettings: strict),

        .testTarget(name: "PHIGuardCoreTests", dependencies: ["PHIGuardCore"], swiftSettings: strict),
        .testTarget(name: "PHIGuardCryptoTests", dependencies: ["PHIGuardCrypto"], swiftSettings: strict),
        .testTarget(name: "PHIGuardStoreTests", dependencies: ["PHIGuardStore"], swiftSettings: strict),
        .testTarget(
            name: "PHIGuardLedgerTests", dependencies: ["PHIGuardLedger", "PHIGuardStore", "PHIGuardCrypto"],
            swiftSettings: strict),
        .testTarget(name: "PHIGuardPolicyTests", dependencies: ["PHIGuardPolicy"], swiftSettings: strict),
        .testTarget(
            name: "PHIGuardAccessTests",
            dependencies: ["PHIGuardAccess", "PHIGuardPolicy", "PHIGuardStore", "PHIGuardCrypto", "PHIGuardCore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PHIGuardComplianceTests",
            dependencies: ["PHIGuardCompliance", "PHIGuardStore", "PHIGuardCrypto", "PHIGuardCore"],
            resources: [.copy("Cases")],
            swiftSettings: strict),
        .testTarget(name: "PHIGuardHTTPTests", dependencies: ["PHIGuardHTTP"], swiftSettings: strict),
        .testTarget(
            name: "PHIGuardServerTests",
            dependencies: [
                "PHIGuardServer", "PHIGuardIdentity", "PHIGuardStore", "PHIGuardCrypto", "PHIGuardHTTP",
                "PHIGuardAccess", "PHIGuardPolicy",
            ],
            swiftSettings: strict
        ),
    ]
)
