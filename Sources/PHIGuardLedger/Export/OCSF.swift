import PHIGuardCrypto

/// Maps ledger entries to OCSF 1.3 events, one JSON object per entry, for a SIEM.
///
/// PHI access becomes Web Resources Activity (6001); sign-in Authentication (3002); account changes Account
/// Change (3001) or User Access Management (3005); configuration, policies, keys and tokens Entity Management
/// (3004). `type_uid` is `class_uid * 100 + activity_id` and `category_uid` is the class's thousands digit.
/// The patient id is PHI and is not written; the ledger index and leaf hash go in `unmapped.phiguard`, so a
/// reader can fetch the entry and its proof from PHIGuard.
public enum OCSFMapper {
    /// The OCSF schema version the events follow.
    public static let schemaVersion = "1.3.0"

    /// The product named in `metadata.product`.
    public struct Product: Sendable, Hashable {
        /// The product name, `PHIGuard`.
        public var name: String
        /// The vendor, as the deployment wants it shown.
        public var vendorName: String
        /// The product version.
        public var version: String

        /// Creates a product description.
        public init(name: String = "PHIGuard", vendorName: String, version: String) {
            self.name = name
            self.vendorName = vendorName
            self.version = version
        }
    }

    /// The OCSF class and activity of an event.
    public struct Classification: Sendable, Hashable {
        /// The class, for example 6001.
        public var classUID: Int
        /// The activity within the class, for example 2 (Read).
        public var activityID: Int
        /// The activity's name.
        public var activityName: String

        /// `class_uid * 100 + activity_id`.
        public var typeUID: Int { classUID * 100 + activityID }
        /// The category: the class's thousands digit.
        public var categoryUID: Int { classUID / 1000 }
    }

    /// The OCSF event for an entry, as compact JSON; nil when retention pruned the event.
    ///
    /// - Parameters:
    ///   - entry: The ledger entry.
    ///   - product: The product named in the metadata.
    public static func event(from entry: LedgerEntry, product: Product) -> [UInt8]? {
        guard let event = entry.event else { return nil }
        let kind = classification(of: event)
        let failed = !event.outcome.succeeded
        let severity = failed || event.isBreakTheGlass ? 3 : 1
        var members: [(String, ExportJSON)] = [
            ("class_uid", .integer(Int64(kind.classUID))),
            ("class_name", .string(className(kind.classUID))),
            ("category_uid", .integer(Int64(kind.categoryUID))),
            ("activity_id", .integer(Int64(kind.activityID))),
            ("activity_name", .string(kind.activityName)),
            ("type_uid", .integer(Int64(kind.typeUID))),
            ("severity_id", .integer(Int64(severity))),
            ("time", .integer((event.sourceTime ?? event.receivedTime).millisecondsSince1970)),
            ("status_id", .integer(failed ? 2 : 1)),
            ("status", .string(failed ? "Failure" : "Success")),
        ]
        if let reason = event.outcome.reason { members.append(("status_detail", .string(reason))) }
        members.append(("metadata", metadata(event, product: product)))
        members.append(("actor", .object([("user", .object([("uid", .string(event.actor.userID))]))])))
        if let address = event.sourceAddress {
            members.append(("src_endpoint", .object([("ip", .string(address))])))
        }
        if kind.classUID == 6001, let resource = event.resource {
            let web = ExportJSON.object([("type", .string(resource.type)), ("uid", .string(resource.id))])
            members.append(("web_resources", .array([web])))
        }
        members.append(("unmapped", .object([("phiguard", unmapped(event, entry: entry))])))
        return ExportJSON.object(members).bytes
    }

    /// The class and activity OCSF uses for an event.
    public static func classification(of event: AuditEvent) -> Classification {
        switch event.eventClass {
        case .phiAccess: webResourcesActivity(event.action)
        case .accessDecision:
            event.outcome.succeeded
                ? Classification(classUID: 6004, activityID: 1, activityName: "Access Grant")
                : Classification(classUID: 6004, activityID: 2, activityName: "Access Deny")
        case .authentication: authentication(event.action)
        case .accountManagement:
            switch event.action {
            case .privilegeChange: Classification(classUID: 3005, activityID: 1, activityName: "Assign Privileges")
            case .accountLock: Classification(classUID: 3001, activityID: 9, activityName: "Lock")
            default: Classification(classUID: 3001, activityID: 99, activityName: "Other")
            }
        default: entityManagement(event.action)
        }
    }

    private static func webResourcesActivity(_ action: AuditAction) -> Classification {
        let activities: [AuditAction: (Int, String)] = [
            .create: (1, "Create"), .view: (2, "Read"), .update: (3, "Update"), .delete: (4, "Delete"),
            .query: (5, "Search"), .export: (7, "Export"),
        ]
        let (id, name) = activities[action] ?? (99, "Other")
        return Classification(classUID: 6001, activityID: id, activityName: name)
    }

    private static func authentication(_ action: AuditAction) -> Classification {
        switch action {
        case .signinSuccess, .signinFailure: Classification(classUID: 3002, activityID: 1, activityName: "Logon")
        case .accountLock: Classification(classUID: 3001, activityID: 9, activityName: "Lock")
        default: Classification(classUID: 3002, activityID: 99, activityName: "Other")
        }
    }

    private static func entityManagement(_ action: AuditAction) -> Classification {
        let activities: [AuditAction: (Int, String)] = [
            .tokenCreate: (1, "Create"), .configChange: (3, "Update"), .keyRotate: (3, "Update"),
            .tokenRevoke: (4, "Delete"), .policyActivate: (10, "Activate"),
        ]
        let (id, name) = activities[action] ?? (99, "Other")
        return Classification(classUID: 3004, activityID: id, activityName: name)
    }

    private static func className(_ classUID: Int) -> String {
        switch classUID {
        case 6001: "Web Resources Activity"
        case 3001: "Account Change"
        case 3002: "Authentication"
        case 3005: "User Access Management"
        default: "Entity Management"
        }
    }

    private static func metadata(_ event: AuditEvent, product: Product) -> ExportJSON {
        .object([
            ("version", .string(schemaVersion)),
            (
                "product",
                .object([
                    ("name", .string(product.name)), ("vendor_name", .string(product.vendorName)),
                    ("version", .string(product.version)),
                ])
            ),
            ("uid", .string(event.id)),
            ("logged_time", .integer(event.receivedTime.millisecondsSince1970)),
        ])
    }

    private static func unmapped(_ event: AuditEvent, entry: LedgerEntry) -> ExportJSON {
        var members: [(String, ExportJSON)] = [
            ("ledger_index", .integer(Int64(entry.index))),
            ("leaf_hash", .string(entry.leafHash.hex)),
            ("event_class", .string(event.eventClass.rawValue)),
            ("action", .string(event.action.rawValue)),
        ]
        if let role = event.actor.role { members.append(("actor_role", .string(role))) }
        if let category = event.phiCategory { members.append(("phi_category", .string(category))) }
        if let purpose = event.purposeOfUse { members.append(("purpose_of_use", .string(purpose.rawValue))) }
        members.append(("break_the_glass", .bool(event.isBreakTheGlass)))
        return .object(members)
    }
}
