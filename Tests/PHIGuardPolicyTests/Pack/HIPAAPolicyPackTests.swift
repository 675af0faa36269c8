import PHIGuardPolicy
import Testing

@Suite("HIPAA policy pack")
struct HIPAAPolicyPackTests {
    @Test("the pack validates against its own schema in strict mode")
    func packValidates() throws {
        let errors = Validator(schema: try HIPAAPolicyPack.parsedSchema()).validate(try HIPAAPolicyPack.policySet())
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test("every policy carries an @id, which keys it, and a human @reason")
    func everyPolicyIsNamedAndExplained() throws {
        let set = try HIPAAPolicyPack.policySet()
        #expect(set.policies.count >= 25)
        for (id, policy) in set.policies {
            #expect(policy.annotations["id"] == id)
            #expect(!(policy.annotations["reason"] ?? "").isEmpty, "\(id) has no @reason")
        }
    }

    @Test("the scenario table is large enough to pin the pack down")
    func tableSize() {
        #expect(Self.scenarios.count >= 60)
        #expect(Set(Self.scenarios.map(\.name)).count == Self.scenarios.count, "scenario names repeat")
    }

    @Test("scenario", arguments: scenarios)
    func scenario(_ scenario: PackScenario) throws {
        let schema = try HIPAAPolicyPack.parsedSchema()
        let set = try HIPAAPolicyPack.policySet()
        let response = Authorizer().isAuthorized(
            try scenario.request(schema: schema), policies: set, entities: try scenario.entities(schema: schema))
        #expect(response.decision == scenario.expected)
        #expect(response.errors.isEmpty, "\(response.errorMessages)")
        if let reasons = scenario.reasons {
            #expect(response.reasons == reasons)
        }
        #expect(HIPAAPolicyPack.obligations(of: response.reasons, in: set) == scenario.obligations)
    }

    @Test("reasons read as the policies' human explanations")
    func humanReasons() throws {
        let set = try HIPAAPolicyPack.policySet()
        let texts = HIPAAPolicyPack.reasons(of: ["break-the-glass", "no-such-policy"], in: set)
        #expect(texts.count == 1)
        #expect(texts.first?.contains("emergency") == true)
    }
}

extension HIPAAPolicyPackTests {
    static let justification = "Unresponsive patient in the emergency department"
    static let btgObligations = ["btg_review", "notify_privacy_officer"]

    /// At least 60 requests with the outcome the pack must give, grouped by the rule they exercise.
    static let scenarios: [PackScenario] =
        minimumNecessary + psychotherapyNotes + nonClinicalRoles + contextRules + sensitiveRecords
        + breakTheGlass + workforce

    static let minimumNecessary: [PackScenario] = [
        .allow("physician views general PHI for treatment", "physician", reasons: ["physician-treatment"]),
        .allow("physician updates a mental health record", "physician", reasons: ["physician-treatment"]) {
            $0.action = "update"
            $0.category = "mental_health"
        },
        .allow("physician creates an HIV record", "physician") {
            $0.action = "create"
            $0.category = "hiv_std"
        },
        .allow("physician views a genetic record in an emergency", "physician") {
            $0.category = "genetic"
            $0.purpose = "ETREAT"
        },
        .deny("physician may not delete PHI", "physician", reasons: []) { $0.action = "delete" },
        .deny("physician may not export PHI", "physician", reasons: []) { $0.action = "export" },
        .deny("physician views for payment", "physician", reasons: []) { $0.purpose = "HPAYMT" },
        .allow("nurse views general PHI", "nurse", reasons: ["nurse-treatment"]),
        .allow("nurse updates demographics", "nurse", reasons: ["nurse-treatment"]) {
            $0.action = "update"
            $0.category = "demographics"
        },
        .deny("nurse views a mental health record", "nurse", reasons: []) { $0.category = "mental_health" },
        .deny("nurse prints general PHI", "nurse", reasons: []) { $0.action = "print" },
        .allow(
            "behavioral health clinician views a mental health record", "bh_clinician",
            reasons: ["bh-clinician-treatment"]
        ) { $0.category = "mental_health" },
        .allow(
            "behavioral health clinician views general PHI", "bh_clinician",
            reasons: ["bh-clinician-context-view"]),
        .deny("behavioral health clinician updates general PHI", "bh_clinician", reasons: []) {
            $0.action = "update"
        },
        .deny("behavioral health clinician views an HIV record", "bh_clinician", reasons: []) {
            $0.category = "hiv_std"
        },
        .allow("lab records a result", "lab", reasons: ["lab-results"]) { $0.action = "create" },
        .allow("lab views demographics", "lab", reasons: ["ancillary-demographics-view"]) {
            $0.category = "demographics"
        },
        .deny("lab views an HIV record", "lab", reasons: []) { $0.category = "hiv_std" },
        .allow("pharmacy views general PHI", "pharmacy", reasons: ["pharmacy-view"]),
        .allow("pharmacy views demographics", "pharmacy", reasons: ["ancillary-demographics-view"]) {
            $0.category = "demographics"
        },
        .deny("pharmacy updates general PHI", "pharmacy", reasons: []) { $0.action = "update" },
        .deny("IT administrator views general PHI", "it_admin", reasons: []) { $0.purpose = "HOPERAT" },
        .deny("security administrator views demographics", "security_admin", reasons: []) {
            $0.category = "demographics"
            $0.purpose = "HOPERAT"
        },
        .deny("auditor views general PHI", "auditor", reasons: []) { $0.purpose = "HOPERAT" },
        .deny("a user with no role", reasons: []),
    ]

    static let psychotherapyNotes: [PackScenario] = [
        .allow(
            "treating behavioral health clinician views psychotherapy notes", "bh_clinician",
            reasons: ["psychotherapy-notes-treating-bh-view"]
        ) {
            $0.category = "psychotherapy_notes"
            $0.onCareTeam = true
        },
        .deny(
            "behavioral health clinician off the care team views psychotherapy notes", "bh_clinician",
            reasons: ["psychotherapy-notes-author-or-treating-bh"]
        ) { $0.category = "psychotherapy_notes" },
        .deny(
            "treating behavioral health clinician edits another's psychotherapy notes", "bh_clinician",
            reasons: []
        ) {
            $0.category = "psychotherapy_notes"
            $0.onCareTeam = true
            $0.action = "update"
        },
        .allow(
            "behavioral health clinician updates own psychotherapy notes", "bh_clinician",
            reasons: ["psychotherapy-notes-author"]
        ) {
            $0.category = "psychotherapy_notes"
            $0.action = "update"
            $0.authoredByPrincipal = true
        },
        .allow("physician views own psychotherapy notes", "physician", reasons: ["psychotherapy-notes-author"]) {
            $0.category = "psychotherapy_notes"
            $0.authoredByPrincipal = true
        },
        .deny(
            "physician on the care team views another's psychotherapy notes", "physician",
            reasons: ["psychotherapy-notes-author-or-treating-bh"]
        ) {
            $0.category = "psychotherapy_notes"
            $0.onCareTeam = true
        },
        .deny("nurse views psychotherapy notes", "nurse", reasons: ["psychotherapy-notes-author-or-treating-bh"]) {
            $0.category = "psychotherapy_notes"
        },
        .deny(
            "release of information exports psychotherapy notes", "release_of_information",
            reasons: ["psychotherapy-notes-author-or-treating-bh"]
        ) {
            $0.category = "psychotherapy_notes"
            $0.action = "export"
            $0.purpose = "PATRQT"
        },
        .deny(
            "psychotherapy notes from an unmanaged device, even to the author", "bh_clinician",
            reasons: ["sensitive-categories-need-compliant-device"]
        ) {
            $0.category = "psychotherapy_notes"
            $0.authoredByPrincipal = true
            $0.devicePosture = "unmanaged"
        },
    ]

    static let nonClinicalRoles: [PackScenario] = [
        .allow("front desk updates demographics for operations", "front_desk", reasons: ["front-desk-registration"]) {
            $0.action = "update"
            $0.category = "demographics"
            $0.purpose = "HOPERAT"
        },
        .deny("front desk views general PHI", "front_desk", reasons: []),
        .allow("front desk at 07:00", "front_desk") {
            $0.category = "demographics"
            $0.hour = 7
        },
        .deny("front desk at 19:00", "front_desk", reasons: ["non-clinical-business-hours"]) {
            $0.category = "demographics"
            $0.hour = 19
        },
        .deny("front desk at 03:00", "front_desk", reasons: ["non-clinical-business-hours"]) {
            $0.category = "demographics"
            $0.hour = 3
        },
        .allow("billing views general PHI for payment", "billing", reasons: ["billing-view"]) {
            $0.purpose = "HPAYMT"
        },
        .allow(
            "billing exports to a payer with a watermark", "billing", reasons: ["billing-export"],
            obligations: ["watermark"]
        ) {
            $0.action = "export"
            $0.purpose = "HPAYMT"
        },
        .deny("billing views for treatment", "billing", reasons: []),
        .deny("billing prints general PHI", "billing", reasons: []) {
            $0.action = "print"
            $0.purpose = "HPAYMT"
        },
        .deny("billing views a mental health record", "billing", reasons: []) {
            $0.category = "mental_health"
            $0.purpose = "HPAYMT"
        },
        .deny("billing at 06:00", "billing", reasons: ["non-clinical-business-hours"]) {
            $0.purpose = "HPAYMT"
            $0.hour = 6
        },
        .allow(
            "release of information views a mental health record on the patient's request",
            "release_of_information", reasons: ["release-of-information-view"]
        ) {
            $0.category = "mental_health"
            $0.purpose = "PATRQT"
        },
        .allow(
            "release of information prints with a watermark", "release_of_information",
            reasons: ["release-of-information-disclose"], obligations: ["watermark"]
        ) {
            $0.action = "print"
            $0.purpose = "PATRQT"
        },
        .deny("release of information views for treatment", "release_of_information", reasons: []),
        .deny(
            "a physician who also works the front desk, after hours", "physician", "front_desk",
            reasons: ["non-clinical-business-hours"]
        ) { $0.hour = 20 },
    ]

    static let contextRules: [PackScenario] = [
        .allow("remote access with MFA inside the limit", "physician", reasons: ["physician-treatment"]) {
            $0.network = "remote"
            $0.mfaAgeMinutes = 30
        },
        .deny(
            "remote access with stale MFA asks for step-up", "physician",
            reasons: ["remote-access-requires-recent-mfa"], obligations: ["step_up_mfa"]
        ) {
            $0.network = "remote"
            $0.mfaAgeMinutes = 90
        },
        .allow("the remote MFA limit is configurable", "physician") {
            $0.network = "remote"
            $0.mfaAgeMinutes = 90
            $0.remoteMfaMaxMinutes = 120
        },
        .deny(
            "an unknown network counts as remote", "nurse", reasons: ["remote-access-requires-recent-mfa"],
            obligations: ["step_up_mfa"]
        ) {
            $0.network = "vpn-guest"
            $0.mfaAgeMinutes = 61
        },
        .allow("internal access is not held to the remote MFA limit", "physician") { $0.mfaAgeMinutes = 90 },
        .deny(
            "sessions reauthenticate every 12 hours", "physician", reasons: ["session-reauthentication"],
            obligations: ["step_up_mfa"]
        ) { $0.mfaAgeMinutes = 721 },
        .deny(
            "mental health record from an unmanaged device", "physician",
            reasons: ["sensitive-categories-need-compliant-device"]
        ) {
            $0.category = "mental_health"
            $0.devicePosture = "unmanaged"
        },
        .deny(
            "reproductive record from a non-compliant managed device", "physician",
            reasons: ["sensitive-categories-need-compliant-device"]
        ) {
            $0.category = "reproductive"
            $0.devicePosture = "managed_noncompliant"
        },
        .allow("general PHI from an unmanaged device", "physician", reasons: ["physician-treatment"]) {
            $0.devicePosture = "unmanaged"
        },
    ]

    static let sensitiveRecords: [PackScenario] = [
        .allow("Part 2 record with consent", "physician", reasons: ["physician-treatment"]) {
            $0.category = "sud_part2"
            $0.part2Consent = true
        },
        .deny(
            "Part 2 record without consent for routine treatment", "physician",
            reasons: ["part2-requires-consent"]
        ) { $0.category = "sud_part2" },
        .allow(
            "Part 2 record without consent in a medical emergency is documented", "physician",
            reasons: ["part2-medical-emergency", "physician-treatment"], obligations: ["document_part2_emergency"]
        ) {
            $0.category = "sud_part2"
            $0.purpose = "ETREAT"
        },
        .deny(
            "Part 2 record updated without consent in an emergency", "physician",
            reasons: ["part2-requires-consent"]
        ) {
            $0.category = "sud_part2"
            $0.purpose = "ETREAT"
            $0.action = "update"
        },
        .allow(
            "behavioral health clinician updates a consented Part 2 record", "bh_clinician",
            reasons: ["bh-clinician-treatment"]
        ) {
            $0.category = "sud_part2"
            $0.part2Consent = true
            $0.action = "update"
        },
        .deny(
            "restricted VIP patient off the care team", "physician",
            reasons: ["restricted-patient-care-team-only"]
        ) { $0.restricted = ["CEL"] },
        .allow("restricted VIP patient on the care team", "physician", reasons: ["physician-treatment"]) {
            $0.restricted = ["CEL"]
            $0.onCareTeam = true
        },
        .deny("employee-patient off the care team", "nurse", reasons: ["restricted-patient-care-team-only"]) {
            $0.restricted = ["EMP"]
        },
        .deny(
            "patient of another facility off the care team", "physician",
            reasons: ["other-facility-care-team-only"]
        ) { $0.patientFacility = "north" },
        .allow("patient of another facility on the care team", "physician") {
            $0.patientFacility = "north"
            $0.onCareTeam = true
        },
        .allow("deceased patient under the same rules", "physician", reasons: ["physician-treatment"]) {
            $0.deceased = true
        },
    ]

    static let breakTheGlass: [PackScenario] = [
        .allow(
            "physician breaks the glass on an HIV record", "physician", reasons: ["break-the-glass"],
            obligations: btgObligations
        ) {
            $0.category = "hiv_std"
            $0.breakGlass()
        },
        .allow(
            "nurse breaks the glass on a restricted employee-patient", "nurse", reasons: ["break-the-glass"],
            obligations: btgObligations
        ) {
            $0.restricted = ["EMP"]
            $0.breakGlass()
        },
        .allow(
            "break-the-glass reaches a patient of another facility", "physician", reasons: ["break-the-glass"],
            obligations: btgObligations
        ) {
            $0.patientFacility = "north"
            $0.breakGlass()
        },
        .allow(
            "break-the-glass on a Part 2 record without consent is documented", "nurse",
            reasons: ["break-the-glass", "part2-medical-emergency"],
            obligations: btgObligations + ["document_part2_emergency"]
        ) {
            $0.category = "sud_part2"
            $0.breakGlass()
        },
        .deny(
            "break-the-glass without a justification", "physician",
            reasons: ["break-the-glass-requires-justification"]
        ) { $0.breakGlass(nil) },
        .deny(
            "break-the-glass with an empty justification", "physician",
            reasons: ["break-the-glass-requires-justification"]
        ) { $0.breakGlass("") },
        .deny(
            "break-the-glass with MFA older than 15 minutes", "physician",
            reasons: ["break-the-glass-requires-recent-mfa"], obligations: ["step_up_mfa"]
        ) {
            $0.breakGlass()
            $0.mfaAgeMinutes = 20
        },
        .allow("break-the-glass MFA limit set by the site", "physician", obligations: btgObligations) {
            $0.breakGlass()
            $0.mfaAgeMinutes = 20
            $0.btgMfaMaxMinutes = 30
        },
        .deny("front desk cannot break the glass", "front_desk", reasons: []) { $0.breakGlass() },
        .deny("break-the-glass is for viewing only", "physician", reasons: []) {
            $0.breakGlass()
            $0.action = "update"
        },
        .deny(
            "break-the-glass never reaches psychotherapy notes", "bh_clinician",
            reasons: ["psychotherapy-notes-never-break-the-glass"]
        ) {
            $0.category = "psychotherapy_notes"
            $0.onCareTeam = true
            $0.breakGlass()
        },
        .deny(
            "break-the-glass on psychotherapy notes by their author", "physician",
            reasons: ["psychotherapy-notes-never-break-the-glass"]
        ) {
            $0.category = "psychotherapy_notes"
            $0.authoredByPrincipal = true
            $0.breakGlass()
        },
        .deny(
            "break-the-glass from an unmanaged device on a sensitive record", "physician",
            reasons: ["sensitive-categories-need-compliant-device"]
        ) {
            $0.category = "mental_health"
            $0.devicePosture = "unmanaged"
            $0.breakGlass()
        },
    ]

    static let workforce: [PackScenario] = [
        .deny("terminated physician", "physician", reasons: ["active-workforce-only"]) {
            $0.employmentStatus = "terminated"
        },
        .deny("physician on leave", "physician", reasons: ["active-workforce-only"]) {
            $0.employmentStatus = "leave"
        },
        .deny("suspended nurse breaks the glass", "nurse", reasons: ["active-workforce-only"]) {
            $0.employmentStatus = "suspended"
            $0.breakGlass()
        },
        .deny("workforce member opens their own record", "physician", reasons: ["own-record-via-patient-access"]) {
            $0.isSelfPatient = true
        },
        .deny(
            "every satisfied forbid is listed", "physician",
            reasons: ["active-workforce-only", "remote-access-requires-recent-mfa"], obligations: ["step_up_mfa"]
        ) {
            $0.employmentStatus = "terminated"
            $0.network = "remote"
            $0.mfaAgeMinutes = 90
        },
    ]
}
