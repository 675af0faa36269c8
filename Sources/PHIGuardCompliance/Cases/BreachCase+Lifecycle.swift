import Foundation

extension BreachCase {
    /// A new case from checked fields, with an opening timeline entry.
    public static func open(id: String, fields: BreachCaseFields, by actor: String, at time: Date) -> BreachCase {
        BreachCase(
            id: id, fields: fields, determination: nil, notices: [], createdAt: time, createdBy: actor,
            timeline: [TimelineEntry(at: time, actor: actor, what: "opened")], revision: 1)
    }

    /// The case with some fields replaced: members of `patch` replace the case's, `null` clears an optional
    /// one, and the result is checked whole, as a new case would be.
    ///
    /// A signed determination rests on the facts it was signed on, so any change withdraws it; the timeline
    /// names the fields changed, never their values.
    ///
    /// - Throws: `ComplianceInputError` naming each bad field; the case is unchanged.
    public func patched(
        with patch: Data, by actor: String, at time: Date, today: CalendarDate
    ) throws(ComplianceInputError) -> BreachCase {
        guard case .object(let changes) = try InputValue.object(from: patch) else {
            throw ComplianceInputError(problems: [.init(pointer: "/", detail: "must be a JSON object")])
        }
        let current = currentMembers()
        var merged = current
        for (key, value) in changes { merged[key] = value }
        let fields = try BreachCaseFields(value: .object(merged), today: today)
        let changed = BreachCaseFields.names.filter { name in
            changes[name] != nil && Self.members(of: fields)[name] != current[name]
        }
        guard !changed.isEmpty else { return self }
        var next = self
        next.fields = fields
        next.timeline.append(TimelineEntry(at: time, actor: actor, what: "updated " + changed.joined(separator: ", ")))
        if determination != nil {
            next.determination = nil
            next.timeline.append(TimelineEntry(at: time, actor: actor, what: "determination withdrawn: facts changed"))
        }
        next.revision += 1
        return next
    }

    /// The case with its determination signed.
    ///
    /// The outcome must be the one the documented facts support: an exception with its rationale, a safe
    /// harbor with its evidence, a documented four-factor assessment showing a low probability of compromise,
    /// or otherwise a reportable breach. A case without a documented assessment is therefore presumed a breach,
    /// and the signer cannot sign it away.
    ///
    /// - Throws: `ChangeRefused` naming `/outcome` when it does not match.
    public func signed(
        _ outcome: SignedDetermination.Outcome, by signer: String, statement: String?, actor: String, at time: Date
    ) throws(ChangeRefused) -> BreachCase {
        let basis = plan().basis
        let supported = SignedDetermination.Outcome(basis)
        guard outcome == supported else {
            throw ChangeRefused(
                pointer: "/outcome",
                detail: "the documented facts support \(supported.rawValue) (basis \(basis.rawValue))")
        }
        var next = self
        next.determination = SignedDetermination(
            outcome: outcome, basis: basis.rawValue, signedBy: signer, signedAt: time, statement: statement)
        next.timeline.append(TimelineEntry(at: time, actor: actor, what: "determination signed: \(outcome.rawValue)"))
        next.revision += 1
        return next
    }

    /// The case with a notice recorded as sent.
    ///
    /// - Throws: `ChangeRefused` when the plan has no such notice, or the date is before discovery or after
    ///   `today`.
    public func recordingNotice(
        _ key: String, sentOn: CalendarDate, method: NoticeMethod, by actor: String, at time: Date,
        today: CalendarDate
    ) throws(ChangeRefused) -> BreachCase {
        let keys = noticeStatuses(on: today).map(\.key)
        guard keys.contains(key) else {
            let known = keys.isEmpty ? "the case owes no notices" : "one of " + keys.joined(separator: ", ")
            throw ChangeRefused(pointer: "/notice", detail: "must name a notice of the plan: \(known)")
        }
        guard sentOn >= fields.discoveredOn else {
            throw ChangeRefused(pointer: "/sent_on", detail: "is before discovered_on")
        }
        guard sentOn <= today else { throw ChangeRefused(pointer: "/sent_on", detail: "is in the future") }
        var next = self
        next.notices.append(NoticeRecord(key: key, sentOn: sentOn, method: method, recordedBy: actor, recordedAt: time))
        next.timeline.append(TimelineEntry(at: time, actor: actor, what: "notice \(key) sent by \(method.rawValue)"))
        next.revision += 1
        return next
    }

    private func currentMembers() -> [String: InputValue] {
        Self.members(of: fields)
    }

    /// The fields as JSON members, the form a patch is merged into.
    private static func members(of fields: BreachCaseFields) -> [String: InputValue] {
        guard let data = try? JSONEncoder().encode(fields), case .object(let members) = try? InputValue.parse(data)
        else { return [:] }
        return members.filter { $0.value != .null }
    }
}
