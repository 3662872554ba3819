/// The rule the folders must follow on disk: a file goes from `processing` to `accepted` or
/// `rejected` with one rename, which cannot cross file systems (`EXDEV`), so the three must be on
/// the same one. Checked when the daemon starts, once the folders exist.
enum FolderLayout {
    /// Folders on different file systems, described for the operator.
    struct CrossDevice: Error, CustomStringConvertible {
        /// The configuration key of the folder on another file system (`folders.accepted`, …).
        var key: String
        var path: String
        var processing: String

        /// For the journal.
        var zh: String {
            "\(key)（\(path)）与处理中文件夹（\(processing)）不在同一文件系统：文件由处理中文件夹移入通过或退回文件夹只用一次重命名，"
                + "不能跨文件系统。请把processing、accepted和rejected文件夹设在同一文件系统上。nianbaod未启动。"
        }

        var description: String {
            "\(key) (\(path)) is on another file system than folders.processing (\(processing)): a file moves from "
                + "processing to accepted or rejected with one rename, which cannot cross file systems. Put processing, "
                + "accepted and rejected on the same file system."
        }
    }

    /// The first of `accepted` and `rejected` that is not on `processing`'s file system, or `nil`.
    static func crossDevice(_ configuration: DaemonConfiguration) throws(SystemError) -> CrossDevice? {
        let processing = BytePath(configuration.processing)
        guard let base = try FileSystem.followingStatus(processing) else { return nil }
        for (key, folder) in [("folders.accepted", configuration.accepted), ("folders.rejected", configuration.rejected)] {
            let path = BytePath(folder)
            if let status = try FileSystem.followingStatus(path), status.device != base.device {
                return CrossDevice(key: key, path: path.escaped, processing: processing.escaped)
            }
        }
        return nil
    }
}
