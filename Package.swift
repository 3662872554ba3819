// swift-tools-version: 6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The executables allocate through jemalloc (Debian's libjemalloc-dev): the checker makes many
/// small, short-lived allocations, which jemalloc serves faster than glibc's malloc, and the
/// daemon's worker threads allocate without contending for malloc's arenas. The library targets
/// do not depend on it.
let jemalloc: [LinkerSetting] = [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]

let package = Package(
    name: "nianbaod",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nianbaod", targets: ["nianbaod"]),
        .executable(name: "nianbao-bench", targets: ["nianbao-bench"]),
        .library(name: "NianbaoCore", targets: ["NianbaoCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Writes the test .docx files (NianbaoTestSupport). Reading them is SafeZip's own: see there why.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The report domain: bytes → document → report → findings. No files, clocks or logging.
        .target(name: "NianbaoCore", dependencies: ["CSHA256"], swiftSettings: strict),
        // SHA-256 block compression with the x86-64 SHA extensions, chosen at run time.
        .target(name: "CSHA256"),
        // Word, HTML and PDF as further sources of the same paragraphs-and-tables document.
        .target(
            name: "NianbaoReaders",
            dependencies: ["NianbaoCore", "CLibXML2", "CNianbaoZlib"],
            swiftSettings: strict),
        // zlib, for unpacking .docx entries (SafeZip).
        .systemLibrary(
            name: "CNianbaoZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CSystemd", pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]),
        // The systemd journal (swift-log handler), stderr fallback and sd_notify.
        .target(
            name: "NianbaoJournal",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // Rejection notices and digests through sendmail, with a durable spool.
        .target(
            name: "NianbaoMail",
            dependencies: ["NianbaoCore", "NianbaoJournal", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // The long-running service: configuration, inotify, claims, work queue, dispositions.
        .target(
            name: "NianbaoDaemon",
            dependencies: [
                "NianbaoCore", "NianbaoReaders", "NianbaoJournal", "NianbaoMail",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // Reports with known truth, rendered into every layout; shared by tests and benchmarks.
        .target(
            name: "NianbaoTestSupport",
            dependencies: ["NianbaoCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict),
        .executableTarget(
            name: "nianbaod",
            dependencies: [
                "NianbaoCore", "NianbaoReaders", "NianbaoDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict, linkerSettings: jemalloc),
        .executableTarget(
            name: "nianbao-bench",
            dependencies: ["NianbaoCore", "NianbaoReaders", "NianbaoTestSupport"],
            swiftSettings: strict, linkerSettings: jemalloc),
        // Drops thousands of files on a real daemon and prints files/s, latency, RSS and the shell baseline.
        .executableTarget(
            name: "nianbao-daemon-bench", dependencies: ["NianbaoDaemon", "NianbaoCore"], swiftSettings: strict),
        .testTarget(
            name: "NianbaoCoreTests", dependencies: ["NianbaoCore", "NianbaoTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "NianbaoReadersTests", dependencies: ["NianbaoReaders", "NianbaoCore", "NianbaoTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "NianbaoJournalTests", dependencies: ["NianbaoJournal", "NianbaoTestSupport"], swiftSettings: strict),
        .testTarget(name: "NianbaoMailTests", dependencies: ["NianbaoMail", "NianbaoCore"], swiftSettings: strict),
        .testTarget(
            name: "NianbaoDaemonTests", dependencies: ["NianbaoDaemon", "NianbaoCore", "NianbaoTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "nianbaodTests", dependencies: ["NianbaoCore"], swiftSettings: strict),
    ]
)
