/// The version this binary reports in `phiguard version`, `/healthz` and the OpenAPI document.
public enum PHIGuardVersion {
    public static let current = "0.1.0"
}
