#!/usr/bin/env python3
"""The policy benchmark's workload: the HIPAA pack plus generated policies over a generated hospital directory.

Writes to OUT: schema.cedarschema and policies.cedar (the pack, then the generated policies), entities.json
(Cedar JSON entity format), requests.jsonl (Cedar requests: principal, action, resource, context) and
api-requests.json (the same requests as /api/v1/authorize bodies). Everything is seeded, so two runs with the
same arguments write the same files.

The generated policies are the kinds a hospital adds to the pack over the years, all valid against its schema:
one-off grants to a user for one record (release of information), restrictions on single records, role rules
by department and category, and facility rules that read attributes.
"""

import argparse
import json
import os
import random
import subprocess

NS = "PHIGuard"
ROLES = ["physician", "nurse", "front_desk", "billing", "lab", "pharmacy", "bh_clinician",
         "release_of_information", "it_admin", "security_admin", "auditor"]
CLINICAL = ["physician", "nurse", "bh_clinician", "lab", "pharmacy"]
CATEGORIES = ["demographics", "general", "general", "general", "mental_health", "sud_part2", "hiv_std",
              "genetic", "reproductive", "violence_abuse", "psychotherapy_notes"]
ACTIONS = ["view"] * 14 + ["create", "update", "update", "export", "print", "delete"]
ALL_ACTIONS = ["view", "create", "update", "delete", "export", "print"]
PURPOSES = ["TREAT"] * 16 + ["ETREAT", "HPAYMT", "HOPERAT", "BTG"]


def uid(kind, ident):
    return {"type": f"{NS}::{kind}", "id": ident}


def ref(kind, ident):
    return {"__entity": uid(kind, ident)}


def directory(rng, total):
    """Facilities, devices, users, patients and records adding up to `total` entities."""
    facilities = max(5, total // 2000)
    devices = max(20, total // 100)
    users = max(50, total // 12)
    patients = max(100, total // 5)
    records = total - facilities - devices - users - patients
    entities = [{"uid": uid("Facility", f"f{i}"), "attrs": {}, "parents": []} for i in range(facilities)]
    for i in range(devices):
        entities.append({"uid": uid("Device", f"d{i}"), "parents": [],
                         "attrs": {"managed": rng.random() < 0.9, "compliant": rng.random() < 0.9}})
    for i in range(users):
        roles = [rng.choice(CLINICAL) if rng.random() < 0.7 else rng.choice(ROLES)]
        if rng.random() < 0.1:
            roles.append(rng.choice(ROLES))
        entities.append({
            "uid": uid("User", f"u{i}"),
            "parents": [uid("Role", role) for role in sorted(set(roles))],
            "attrs": {"department": f"dept{rng.randrange(40)}", "facility": ref("Facility", f"f{rng.randrange(facilities)}"),
                      "employmentStatus": "active" if rng.random() < 0.97 else "leave"},
        })
    care_teams = {}
    for i in range(patients):
        team = sorted({f"u{rng.randrange(users)}" for _ in range(rng.randint(2, 8))})
        care_teams[f"p{i}"] = team
        restricted = ["CEL"] if rng.random() < 0.01 else (["EMP"] if rng.random() < 0.02 else [])
        entities.append({
            "uid": uid("Patient", f"p{i}"), "parents": [],
            "attrs": {"restricted": restricted, "careTeam": [ref("User", u) for u in team],
                      "facility": ref("Facility", f"f{rng.randrange(facilities)}"), "deceased": rng.random() < 0.01},
        })
    record_patients = []
    for i in range(records):
        patient = f"p{rng.randrange(patients)}"
        record_patients.append(patient)
        attrs = {"patient": ref("Patient", patient), "category": rng.choice(CATEGORIES)}
        if rng.random() < 0.6:
            attrs["author"] = ref("User", rng.choice(care_teams[patient]))
        if attrs["category"] == "sud_part2":
            attrs["part2Consent"] = rng.random() < 0.5
        entities.append({"uid": uid("Record", f"r{i}"), "parents": [], "attrs": attrs})
    return entities, users, records, facilities, care_teams, record_patients


def generated_policies(rng, count, users, records, facilities):
    """`count` policies in four shapes, each with an @id and a @reason like the pack's."""
    texts = []
    for n in range(count):
        action = rng.choice(ALL_ACTIONS)
        shape = rng.random()
        if shape < 0.4:
            texts.append(
                f'@id("grant-{n}")\n@reason("One-off release of information grant")\n'
                f'permit (principal == {NS}::User::"u{rng.randrange(users)}", action == {NS}::Action::"{action}", '
                f'resource == {NS}::Record::"r{rng.randrange(records)}")\n'
                f'when {{ context.purposeOfUse == "PATRQT" && context.network == "internal" }};')
        elif shape < 0.6:
            texts.append(
                f'@id("record-hold-{n}")\n@reason("Record under legal review: no export or print but by its author")\n'
                f'forbid (principal, action in [{NS}::Action::"export", {NS}::Action::"print"], '
                f'resource == {NS}::Record::"r{rng.randrange(records)}")\n'
                f'unless {{ resource has author && resource.author == principal }};')
        elif shape < 0.85:
            texts.append(
                f'@id("department-{n}")\n@reason("Department rule for one role and category in working hours")\n'
                f'permit (principal in {NS}::Role::"{rng.choice(ROLES)}", action == {NS}::Action::"{action}", '
                f'resource is {NS}::Record)\n'
                f'when {{ principal.department == "dept{rng.randrange(40)}" && '
                f'resource.category == "{rng.choice(CATEGORIES)}" && context.hour >= 7 && context.hour < 19 }};')
        else:
            texts.append(
                f'@id("facility-{n}")\n@reason("Staff on leave at this facility act only on their own facility\'s patients")\n'
                f'forbid (principal is {NS}::User, action == {NS}::Action::"{action}", resource is {NS}::Record)\n'
                f'when {{ principal.facility == {NS}::Facility::"f{rng.randrange(facilities)}" && '
                f'principal.employmentStatus == "leave" && resource.patient.facility != principal.facility }};')
    return texts


def requests(rng, count, users, records, care_teams, record_patients):
    """Cedar requests and the matching API requests; most come from a care team member, as in a hospital."""
    cedar, api = [], []
    for _ in range(count):
        record = rng.randrange(records)
        team = care_teams[record_patients[record]]
        user = rng.choice(team) if rng.random() < 0.7 else f"u{rng.randrange(users)}"
        action = rng.choice(ACTIONS)
        purpose = rng.choice(PURPOSES)
        network = "internal" if rng.random() < 0.8 else "remote"
        posture = rng.choice(["managed_compliant"] * 8 + ["managed_noncompliant", "unmanaged"])
        context = {"network": network, "devicePosture": posture, "hour": rng.randrange(24),
                   "mfaAgeMinutes": rng.randrange(240), "purposeOfUse": purpose}
        if purpose == "BTG":
            context["btgJustification"] = "Unresponsive patient in the emergency department"
        api.append({"user": user, "action": action, "record": f"r{record}", "context": dict(context)})
        context["remoteMfaMaxMinutes"] = 60
        cedar.append({"principal": uid("User", user), "action": uid("Action", action),
                      "resource": uid("Record", f"r{record}"), "context": context})
    return cedar, api


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--binary", default=".build/release/phiguard", help="writes the pack (policy pack --out)")
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--policies", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    subprocess.run([args.binary, "policy", "pack", "--out", args.out], check=True, stdout=subprocess.DEVNULL)
    entities, users, records, facilities, care_teams, record_patients = directory(rng, args.entities)
    extra = generated_policies(rng, args.policies, users, records, facilities)
    with open(os.path.join(args.out, "hipaa.cedar")) as pack:
        text = pack.read()
    with open(os.path.join(args.out, "policies.cedar"), "w") as out:
        out.write(text + "\n\n// Generated site policies\n\n" + "\n\n".join(extra) + "\n")
    os.replace(os.path.join(args.out, "hipaa.cedarschema"), os.path.join(args.out, "schema.cedarschema"))
    os.remove(os.path.join(args.out, "hipaa.cedar"))
    with open(os.path.join(args.out, "entities.json"), "w") as out:
        json.dump(entities, out)
    cedar, api = requests(rng, args.requests, users, records, care_teams, record_patients)
    with open(os.path.join(args.out, "requests.jsonl"), "w") as out:
        out.writelines(json.dumps(r) + "\n" for r in cedar)
    with open(os.path.join(args.out, "api-requests.json"), "w") as out:
        json.dump(api, out)
    print(f"{len(entities)} entities, {args.policies} generated policies, {len(cedar)} requests in {args.out}")


if __name__ == "__main__":
    main()
