import Foundation

/// The default HIPAA policy pack PHIGuard ships: a Cedar schema and policy set that sites edit to fit.
///
/// Requests name a `PHIGuard::User` principal, one of the actions `view`, `create`, `update`, `delete`,
/// `export` and `print`, and a `PHIGuard::Record` resource (one PHI record of one category). Users hold roles
/// as parents (`PHIGuard::Role::"physician"`). Decisions are Cedar's: deny unless a `permit` is satisfied, and
/// any satisfied `forbid` wins. The pack's policy set is keyed by each policy's `@id`, so `Response.reasons`
/// reads as `physician-treatment` rather than `policy0`.
///
/// ## Minimum necessary: roles × categories × actions
///
/// Purposes of use are HL7 v3 ActReason codes. Categories: demographics (DEMO), general, psychotherapy_notes
/// (PSYTHPN), sud_part2 (SUD, ETH), mental_health (MH, BH, PSY), hiv_std (HIV, STD), genetic (GDIS),
/// reproductive (SEX), violence_abuse (SDV).
///
/// | Role | Categories | Actions | Purposes |
/// | --- | --- | --- | --- |
/// | physician | all but psychotherapy_notes | view, create, update | TREAT, ETREAT |
/// | physician (author) | psychotherapy_notes they wrote | view, create, update | TREAT |
/// | nurse | demographics, general | view, create, update | TREAT, ETREAT |
/// | bh_clinician | mental_health, sud_part2 | view, create, update | TREAT, ETREAT |
/// | bh_clinician | demographics, general | view | TREAT, ETREAT |
/// | bh_clinician | psychotherapy_notes: own, or on the care team | own: view, create, update; else view | TREAT |
/// | lab | general | view, create, update | TREAT |
/// | lab, pharmacy | demographics | view | TREAT |
/// | pharmacy | general | view | TREAT |
/// | front_desk | demographics | view, update | TREAT, HOPERAT |
/// | billing | demographics, general | view, export | HPAYMT |
/// | release_of_information | all but psychotherapy_notes | view, export, print | HOPERAT, PATRQT |
/// | physician, nurse, bh_clinician | all but psychotherapy_notes | view (break-the-glass) | BTG |
/// | it_admin, security_admin, auditor | none | none | none |
///
/// No role may `delete` PHI: records are corrected by amendment (164.526).
///
/// ## Context rules (forbids, overriding every permit)
///
/// - Only users whose `employmentStatus` is `active`; never a user's own record (`selfPatient`).
/// - Off the internal network, MFA no older than `context.remoteMfaMaxMinutes`; everywhere, no older than 12
///   hours (NIST SP 800-63B AAL2).
/// - Sensitive categories (every one but demographics and general) only from `managed_compliant` devices.
/// - front_desk, billing and release_of_information only from 07:00 to 19:00 (`context.hour` 7 to 18).
/// - Psychotherapy notes only to their author and a behavioral health clinician on the care team, never by
///   break-the-glass (164.508(a)(2)).
/// - Part 2 SUD records need `part2Consent`, except viewing under ETREAT or BTG (42 CFR 2.51).
/// - Restricted patients (CEL, EMP) and patients of another facility only to their care team, or BTG.
/// - Break-the-glass needs a non-empty `btgJustification` and MFA within 15 minutes (`btgMfaMaxMinutes`).
/// - Deceased patients follow the same rules.
///
/// ## Obligations
///
/// `@obligation` holds a comma-separated list; read it with ``obligations(of:in:)`` from the determining
/// policies (`Response.reasons`). Allowed requests may carry `watermark` (export, print), `btg_review` and
/// `notify_privacy_officer` (break-the-glass) and `document_part2_emergency` (42 CFR 2.51(c)); denials may
/// carry `step_up_mfa`, which a caller can resolve by asking for MFA and retrying.
public enum HIPAAPolicyPack {
    /// The pack's policies, each stored under its `@id` annotation.
    /// - Throws: `ParseError` when the text does not parse or two policies share an `@id`.
    public static func policySet() throws(ParseError) -> PolicySet {
        try PolicySet(text: policies, namingByAnnotation: true)
    }

    /// The pack's schema.
    /// - Throws: `ParseError` when the schema text does not parse.
    public static func parsedSchema() throws(ParseError) -> Schema {
        try Schema(text: schema)
    }

    /// The obligations of the given policies, in order and without repeats.
    ///
    /// - Parameters:
    ///   - policyIDs: Policy ids, usually `Response.reasons`; an `@id` value also finds a policy stored under
    ///     its positional id. Unknown ids are skipped.
    ///   - set: The policy set the ids belong to.
    public static func obligations(of policyIDs: [String], in set: PolicySet) -> [String] {
        var result: [String] = []
        for policy in policyIDs.compactMap({ policy(withID: $0, in: set) }) {
            let names = policy.annotations["obligation", default: ""].split(separator: ",")
            for name in names.map({ $0.trimmingCharacters(in: .whitespaces) })
            where !name.isEmpty && !result.contains(name) {
                result.append(name)
            }
        }
        return result
    }

    /// The human `@reason` texts of the given policies, in order; policies without one are skipped.
    ///
    /// - Parameters:
    ///   - policyIDs: Policy ids, usually `Response.reasons`; an `@id` value also finds a policy stored under
    ///     its positional id. Unknown ids are skipped.
    ///   - set: The policy set the ids belong to.
    public static func reasons(of policyIDs: [String], in set: PolicySet) -> [String] {
        policyIDs.compactMap { policy(withID: $0, in: set)?.annotations["reason"] }
    }

    private static func policy(withID id: String, in set: PolicySet) -> Policy? {
        set.policies[id] ?? set.policies.values.first { $0.annotations["id"] == id }
    }
}
