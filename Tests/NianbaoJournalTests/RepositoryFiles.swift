import Foundation

/// Paths into this repository and scratch folders for the tests of the systemd files.
enum RepositoryFiles {
    /// The repository root (the folder holding Package.swift), found from this source file.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
            url = url.deletingLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// `systemd/NAME` in the repository.
    static func systemd(_ name: String) -> String {
        root + "/systemd/" + name
    }

    /// The text of `systemd/NAME`.
    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: systemd(name), encoding: .utf8)
    }

    /// A new empty folder, removed by the caller with `removeItem`.
    static func scratchFolder(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "nianbaod-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes an executable shell script at `path`.
    static func writeExecutable(_ path: String, _ script: String = "#!/bin/sh\nexit 0\n") throws {
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
}
