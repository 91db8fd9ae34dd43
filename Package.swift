// swift-tools-version:6.1
// spconnect: a SharePoint Online connection for the person who is not a tenant admin.
// See ../shared/DESIGN.md in the project's workspace and README.md here.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "spconnect",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "spconnect", targets: ["spconnect"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // The C libraries, as the system provides them.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CESMTP", pkgConfig: "libesmtp-1.0", providers: [.apt(["libesmtp-dev"])]),
        // The few one-line C functions Swift cannot call directly.
        .target(name: "CShims", dependencies: ["COpenSSL", "CCurl", "CESMTP"]),

        .target(name: "Common", swiftSettings: strict),
        .target(name: "Certificates", dependencies: ["Common", "COpenSSL", "CShims"], swiftSettings: strict),
        .target(
            name: "Vault",
            dependencies: ["Common", "Certificates", "COpenSSL", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["SEALING.md"],
            swiftSettings: strict
        ),
        .target(name: "Mail", dependencies: ["Common", "Certificates", "COpenSSL", "CESMTP", "CShims"], swiftSettings: strict),
        .target(name: "Entra", dependencies: ["Common", "Certificates", "COpenSSL", "CCurl", "CShims"], swiftSettings: strict),
        .target(name: "Replies", dependencies: ["Common"], swiftSettings: strict),
        .target(
            name: "Workflow",
            dependencies: ["Common", "Certificates", "Vault", "Entra", "Mail", "Replies", "CShims", .product(name: "TOMLKit", package: "TOMLKit"), .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "spconnect",
            dependencies: [
                "Common", "Certificates", "Vault", "Entra", "Mail", "Replies", "Workflow", "CShims",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Seeding, integrity checks and SMTP bursts for the tests and the benchmark: built,
        // not a product (never installed or shipped).
        .executableTarget(
            name: "spconnect-dev",
            dependencies: [
                "Common", "Certificates", "Vault", "Mail", "Replies", "Workflow", "CShims",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "CertificatesTests", dependencies: ["Certificates", "Common"], swiftSettings: strict),
        .testTarget(name: "VaultTests", dependencies: ["Vault", "Certificates", "Common"], resources: [.copy("Vectors")], swiftSettings: strict),
        .testTarget(name: "EntraTests", dependencies: ["Entra", "Certificates", "Common"], swiftSettings: strict),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "Entra", "Vault", "Certificates", "Common", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["Common", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CLIParsingTests",
            dependencies: ["spconnect", "Workflow", "Entra", "Certificates", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "MailTests", dependencies: ["Mail", "Common", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "RepliesTests", dependencies: ["Replies", "Common"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "ImportTests", dependencies: ["Workflow", "Replies", "Vault", "Certificates", "Common"], swiftSettings: strict),
    ]
)
