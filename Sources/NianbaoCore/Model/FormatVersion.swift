/// The national layout a report follows.
///
/// The trial format of 国办公开办函〔2019〕60号 was used for report years 2019 and 2020; the revised
/// format of 国办公开办函〔2021〕30号 from report year 2021 onward.
public enum FormatVersion: String, Sendable, Hashable, CaseIterable, Codable {
    case v2019 = "2019"
    case v2021 = "2021"

    /// The format a report of `year` is expected to use.
    public static func expected(forYear year: Int) -> FormatVersion {
        year >= 2021 ? .v2021 : .v2019
    }
}
