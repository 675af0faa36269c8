extension HIPAAPolicyPack {
    /// The Cedar schema of the pack, in the human-readable syntax, namespace `PHIGuard`.
    ///
    /// String attributes hold codes rather than Cedar enums so that an edited pack can add a category or a
    /// purpose of use without a schema change; the policies compare them against literals.
    public static let schema: String = """
        // PHIGuard HIPAA policy pack schema. Editing it? Keep `HIPAAPolicyPack.policies` validating against it.
        namespace PHIGuard {
            // Workforce roles. An enumerated type, so a misspelled role in a policy fails validation.
            entity Role enum [
                "physician", "nurse", "front_desk", "billing", "lab", "pharmacy", "bh_clinician",
                "release_of_information", "it_admin", "security_admin", "auditor"
            ];

            // A hospital, clinic or other site of the covered entity.
            entity Facility;

            // An endpoint as the device inventory knows it; the pack itself reads `context.devicePosture`.
            entity Device = { managed: Bool, compliant: Bool };

            // A workforce member; the roles held are the user's parents.
            entity User in [Role] = {
                department: String,
                facility: Facility,
                // "active", "leave", "suspended" or "terminated".
                employmentStatus: String,
                // Set when the workforce member is also a patient of the covered entity.
                selfPatient?: Patient,
            };

            entity Patient = {
                // HL7 restriction codes: "CEL" (VIP or celebrity), "EMP" (employee-patient); empty when none.
                restricted: Set<String>,
                careTeam: Set<User>,
                facility: Facility,
                // Deceased patients keep HIPAA protection for 50 years (164.502(f)); no rule reads this.
                deceased: Bool,
            };

            // One PHI record.
            entity Record = {
                patient: Patient,
                // demographics, general, psychotherapy_notes, sud_part2, mental_health, hiv_std, genetic,
                // reproductive or violence_abuse.
                category: String,
                // Absent when the caller names a patient and category rather than one stored record.
                author?: User,
                // Patient consent to disclosure under 42 CFR 2.31; meaningful for sud_part2 records, and
                // absent counts as no consent.
                part2Consent?: Bool,
            };

            type RequestContext = {
                // "internal" or "remote"; anything other than "internal" counts as remote.
                network: String,
                // "managed_compliant", "managed_noncompliant" or "unmanaged".
                devicePosture: String,
                // Local hour at the facility, 0-23.
                hour: Long,
                // Minutes since the user last completed multi-factor authentication.
                mfaAgeMinutes: Long,
                // HL7 v3 ActReason code: TREAT, ETREAT, BTG, HPAYMT, HOPERAT, PATRQT, ...
                purposeOfUse: String,
                // The configured limit on MFA age for remote access.
                remoteMfaMaxMinutes: Long,
                // Why the glass is broken; required with purpose BTG.
                btgJustification?: String,
                // Overrides the 15-minute MFA age limit for break-the-glass.
                btgMfaMaxMinutes?: Long,
                // The device, for site-specific policies.
                device?: Device,
            };

            action view, create, update, delete, export, print appliesTo {
                principal: [User],
                resource: [Record],
                context: RequestContext
            };
        }
        """
}
