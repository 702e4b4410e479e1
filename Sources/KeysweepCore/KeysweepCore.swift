/// KeysweepCore: the plain value types every other target shares (blob ids, provenance, findings,
/// severities) and the `BlobSource` protocol. No C module and no other target is imported here.
public enum Keysweep {
    /// The tool's version, shown by `keysweep --version` and in reports.
    public static let version = "0.1.0"
}
