import NianbaoCore

/// Core's SHA-256, named for tests.
enum NianbaoCoreSHA {
    static func make() -> NianbaoCore.SHA256 { NianbaoCore.SHA256() }
}
