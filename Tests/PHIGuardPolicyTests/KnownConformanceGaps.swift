/// Conformance requests this implementation is known to get wrong, keyed `path#index`, each with the reason.
///
/// The conformance test fails when a listed request starts passing, so this list can only shrink honestly.
enum KnownConformanceGaps {
    static let requests: [String: String] = [:]

    /// Case files where the validator disagrees with the reference on `shouldValidate`, keyed by path.
    static let validation: [String: String] = [:]
}
