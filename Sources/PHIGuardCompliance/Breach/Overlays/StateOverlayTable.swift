/// The State overlays PHIGuard ships with.
///
/// These are the four examples of HIPAA.md section 3, each marked to be verified with counsel: State breach
/// laws change often, differ in whom they cover and what starts their clocks, and some apply only to certain
/// entities. Each row is read as follows (all interpretations, to confirm):
///
/// - California, Health and Safety Code 1280.15: a licensed clinic, health facility, home health agency or
///   hospice reports unlawful or unauthorized access to medical information to the California Department of
///   Public Health, and to the patient, within 15 business days of detecting it. The row names the department;
///   the patient's notice falls due on the same day.
/// - New York, General Business Law 899-aa: notice within 30 days after discovery. The row names the Attorney
///   General, who also receives the notice sent to affected residents.
/// - Colorado, C.R.S. 6-1-716: notice within 30 days after determining that a breach occurred; the Attorney
///   General is told when 500 or more Colorado residents are affected.
/// - Florida, Statutes 501.171: notice within 30 days after determining a breach occurred; the Department of
///   Legal Affairs is told when 500 or more Florida residents are affected.
///
/// All four are counted from the start of the covered entity's HIPAA clocks, reading "detection",
/// "discovery" and "determination" as that same day, which can only make a deadline earlier than a later
/// determination would.
public enum StateOverlayTable {
    /// The shipped rows, in the order that breaks ties between equally early deadlines of one State.
    public static let shipped: [StateOverlay] = [
        StateOverlay(
            state: "CA", agency: "department_of_public_health", agencyName: "California Department of Public Health",
            deadline: OverlayDeadline(15, .businessDays), threshold: 1,
            citation: "Cal. Health & Safety Code 1280.15", verifyWithCounsel: true),
        StateOverlay(
            state: "NY", agency: "attorney_general", agencyName: "New York State Attorney General",
            deadline: OverlayDeadline(30, .calendarDays), threshold: 1,
            citation: "N.Y. Gen. Bus. Law 899-aa", verifyWithCounsel: true),
        StateOverlay(
            state: "CO", agency: "attorney_general", agencyName: "Colorado Attorney General",
            deadline: OverlayDeadline(30, .calendarDays), threshold: 500,
            citation: "Colo. Rev. Stat. 6-1-716", verifyWithCounsel: true),
        StateOverlay(
            state: "FL", agency: "department_of_legal_affairs", agencyName: "Florida Department of Legal Affairs",
            deadline: OverlayDeadline(30, .calendarDays), threshold: 500,
            citation: "Fla. Stat. 501.171", verifyWithCounsel: true),
    ]
}
