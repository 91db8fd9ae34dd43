// swift-tools-version:6.1
// spconnect: a SharePoint Online connection for the person who is not a tenant admin.
// See README.md and ARCHITECTURE.md (the modules and what each may import).
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
        // The few one-line C functions Swift cannot call directly, one target per library,
        // each imported (with `internal import`) only by the module that owns that library.
        .target(name: "COpenSSLShims", dependencies: ["COpenSSL"]),
        .target(name: "CCurlShims", dependencies: ["CCurl"]),
        .target(name: "CESMTPShims", dependencies: ["CESMTP"]),
        .target(name: "CShims"),

        .target(name: "Common", swiftSettings: strict),
        // The codecs of mail headers and bodies (RFC 2045, 2047, 2231, 5322), written by Mail and read by Replies.
        .target(name: "MIME", dependencies: ["Common"], swiftSettings: strict),
        // The domain's pure values: clouds, permissions, request IDs, the reply block, the name rule.
        .target(name: "Domain", dependencies: ["Common"], swiftSettings: strict),
        // The one module that calls OpenSSL.
        .target(name: "OpenSSLSupport", dependencies: ["Common", "Domain", "COpenSSL", "COpenSSLShims"], swiftSettings: strict),
        .target(name: "Certificates", dependencies: ["Common", "Domain", "OpenSSLSupport"], swiftSettings: strict),
        .target(
            name: "Vault",
            dependencies: ["Common", "Domain", "Certificates", "OpenSSLSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // libESMTP for STARTTLS with a password; libcurl for XOAUTH2, OAUTHBEARER and implicit TLS.
        .target(name: "Mail", dependencies: ["Common", "MIME", "OpenSSLSupport", "CESMTP", "CESMTPShims", "CCurl", "CCurlShims"], swiftSettings: strict),
        .target(name: "Entra", dependencies: ["Common", "Domain", "Certificates", "OpenSSLSupport", "CCurl", "CCurlShims"], swiftSettings: strict),
        .target(name: "Replies", dependencies: ["Common", "Domain", "MIME"], swiftSettings: strict),
        // The instruction templates: the shipped ones compiled in, the user's overrides, Mustache.
        .target(name: "Templates", dependencies: ["Common", .product(name: "Mustache", package: "swift-mustache")], swiftSettings: strict),
        .target(
            name: "Workflow",
            dependencies: ["Common", "Domain", "Certificates", "OpenSSLSupport", "Vault", "Entra", "Mail", "Replies", "Templates", "CShims", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strict
        ),
        // The command line's hint writer: error codes and facts to what to do next.
        .target(name: "Hints", dependencies: ["Common", "Domain", "OpenSSLSupport", "Vault", "Entra", "Mail", "Replies", "Templates", "Workflow"], swiftSettings: strict),
        .executableTarget(
            name: "spconnect",
            dependencies: [
                "Common", "Domain", "Certificates", "OpenSSLSupport", "Vault", "Entra", "Mail", "Templates", "Workflow", "Hints",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // Seeding, integrity checks and SMTP bursts for the tests and the benchmark: built,
        // not a product (never installed or shipped).
        .executableTarget(
            name: "spconnect-dev",
            dependencies: [
                "Common", "Domain", "OpenSSLSupport", "Vault", "Mail", "Replies", "Templates", "Workflow", "CShims",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "CertificatesTests", dependencies: ["Certificates", "OpenSSLSupport", "Common", "Domain", "Hints", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CommonTests", dependencies: ["Common", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "VaultTests", dependencies: ["Vault", "Certificates", "OpenSSLSupport", "Common", "Domain", "Hints", "TestSupport"], resources: [.copy("Vectors")], swiftSettings: strict),
        .testTarget(name: "EntraTests", dependencies: ["Entra", "Certificates", "OpenSSLSupport", "Common", "Domain", "Hints"], swiftSettings: strict),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "Templates", "Entra", "Vault", "Certificates", "OpenSSLSupport", "Common", "Domain", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["Common", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CLIParsingTests",
            dependencies: ["spconnect", "Workflow", "Entra", "Domain", "Certificates", "OpenSSLSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "MailTests", dependencies: ["Mail", "Common", "TestSupport", "Hints"], swiftSettings: strict),
        .testTarget(name: "RepliesTests", dependencies: ["Replies", "MIME", "Common", "Domain", "Hints", "TestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "MIMETests", dependencies: ["MIME", "Common", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "DomainTests", dependencies: ["Domain"], swiftSettings: strict),
        // ARCHITECTURE.md's import table against this file and the sources; which module may import which C library.
        .testTarget(name: "ArchitectureTests", swiftSettings: strict),
        .testTarget(name: "ImportTests", dependencies: ["Workflow", "Replies", "Vault", "Certificates", "OpenSSLSupport", "Common", "Domain", "Hints", "TestSupport"], swiftSettings: strict),
    ]
)
