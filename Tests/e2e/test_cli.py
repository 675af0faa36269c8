"""The phiguard command line, run as an operator would run it."""

import json
import os
import subprocess
import tempfile

from conftest import BINARY


def phiguard(*args, env=None):
    return subprocess.run(
        [str(BINARY), *args], capture_output=True, text=True, timeout=60,
        env=dict(os.environ, **(env or {})))


def test_help_and_version():
    result = phiguard("help")
    assert result.returncode == 0
    assert "token create" in result.stdout
    version = phiguard("version")
    assert version.returncode == 0 and version.stdout.startswith("phiguard ")


def test_usage_errors_print_one_line_and_exit_64():
    for args in (["frobnicate"], ["token", "create"], ["serve", "--no-such-flag", "1"], ["config"],
                 ["token", "revoke"], ["token", "create", "--name", "x", "--scope", "status:read",
                                       "--expires-days", "-4"]):
        result = phiguard(*args)
        assert result.returncode == 64, args
        assert len(result.stderr.strip().splitlines()) == 1, args
        assert "phiguard help" in result.stderr


def test_an_invalid_setting_stops_start_up_naming_key_and_accepted_values():
    with tempfile.TemporaryDirectory() as directory:
        result = phiguard("serve", "--data", directory + "/d", "--port", "99999")
        assert result.returncode == 1
        assert "port" in result.stderr and "0 to 65535" in result.stderr
        result = phiguard("config", "show", env={"PHIGUARD_LOG_LEVEL": "chatty"})
        assert result.returncode == 1
        assert "log.level" in result.stderr and "one of trace" in result.stderr


def test_config_show_names_sources_and_masks_secrets():
    with tempfile.TemporaryDirectory() as directory:
        result = phiguard("config", "show", "--data", directory, "--port", "9999",
                          env={"PHIGUARD_KEK": "dGhpcy1pcy1hLXNlY3JldC1rZXktZm9yLXRlc3RzISE=",
                               "PHIGUARD_HOST": "127.0.0.9"})
        assert result.returncode == 0
        assert "dGhpcy1pcy1h" not in result.stdout
        lines = {line.split("=")[0].strip(): line for line in result.stdout.splitlines()}
        assert "9999" in lines["port"] and "(flag)" in lines["port"]
        assert "127.0.0.9" in lines["host"] and "(environment)" in lines["host"]
        assert "********" in lines["kek"]
        assert "(default)" in lines["http.max_body_bytes"]


def test_init_prints_the_password_once_and_tokens_are_shown_once():
    with tempfile.TemporaryDirectory() as directory:
        data = directory + "/data"
        first = phiguard("init", "--data", data)
        assert first.returncode == 0 and "one-time password" in first.stdout
        again = phiguard("init", "--data", data)
        assert again.returncode == 0 and "one-time password" not in again.stdout
        assert os.stat(data).st_mode & 0o777 == 0o700
        assert os.stat(data + "/kek.key").st_mode & 0o777 == 0o600

        created = phiguard("token", "create", "--data", data, "--name", "EHR", "--scope", "authorize",
                           "--scope", "audit:write", "--expires-days", "30")
        assert created.returncode == 0
        secret = created.stdout.strip()
        assert secret.startswith("phg_") and len(secret) > 50
        listed = phiguard("token", "list", "--data", data, "--json")
        tokens = json.loads(listed.stdout)
        assert len(tokens) == 1 and tokens[0]["scopes"] == ["authorize", "audit:write"]
        assert secret not in listed.stdout
        token_id = tokens[0]["id"]
        assert phiguard("token", "revoke", token_id, "--data", data).returncode == 0
        assert json.loads(phiguard("token", "list", "--data", data, "--json").stdout)[0]["revoked_at"]
        missing = phiguard("token", "revoke", "0000000000000000", "--data", data)
        assert missing.returncode == 1 and "no token" in missing.stderr
        for name in os.listdir(data):
            if name.startswith("phiguard.sqlite3"):
                with open(os.path.join(data, name), "rb") as database:
                    assert secret.split("_", 2)[2].encode() not in database.read()


BREACH_CASE = {
    "discovered_on": "2023-11-20", "discovered_by": "business_associate", "ba_is_agent": False,
    "ba_contract_days": 10, "ce_notified_on": "2023-11-25",
    "affected_by_state": {"CA": 300, "NY": 600, "CO": 100}, "unknown_contact_count": 12,
    "exception": None, "safe_harbor": {"encrypted": True, "standard_met": True, "key_compromised": True},
    "risk_assessment": None,
    "law_enforcement_delay": {"kind": "oral", "stated_on": "2023-12-01", "written_received_on": "2023-12-20",
                              "written_until": "2024-02-01"},
}


def breach_plan(case, *extra):
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "case.json")
        with open(path, "w") as file:
            file.write(case if isinstance(case, str) else json.dumps(case))
        return phiguard("breach", "plan", "--input", path, *extra), path


def test_breach_plan_prints_the_plan_and_exits_0():
    result, _ = breach_plan(BREACH_CASE, "--today", "2024-01-10")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["is_reportable_breach"] is True and plan["basis"] == "presumed_breach"
    assert plan["total_affected"] == 1000
    assert plan["substitute_notice"] == "web_posting_or_major_media_and_toll_free_90_days"
    due = {(item["recipient"], item["state"]): item["due"] for item in plan["notifications"]}
    # The covered entity's notice (10-day agreement) expired before the oral delay; the others moved 62 days.
    assert due == {
        ("covered_entity", None): "2023-11-30", ("state:CA:department_of_public_health", "CA"): "2024-02-15",
        ("state:NY:attorney_general", "NY"): "2024-02-25", ("individuals", None): "2024-03-26",
        ("hhs", None): "2024-03-26", ("media", "NY"): "2024-03-26",
    }
    assert "breach plan" in phiguard("help").stdout


def test_breach_plan_names_the_file_and_each_bad_field_and_exits_1():
    case = dict(BREACH_CASE, affected_by_state={"ZZ": 3, "TX": -1}, patient="Jane Roe")
    result, path = breach_plan(case, "--today", "2024-01-10")
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert f"phiguard: {path}: /affected_by_state/ZZ: is not a USPS State or territory code" in lines
    assert any(line.endswith("/affected_by_state/TX: must not be negative") for line in lines)
    assert any(line.endswith("/patient: is not a field of a breach case") for line in lines)
    assert all(path in line for line in lines) and "Jane Roe" not in result.stderr

    future, path = breach_plan(BREACH_CASE, "--today", "2023-11-19")
    assert future.returncode == 1 and f"{path}: /discovered_on: is in the future" in future.stderr
    duplicate, path = breach_plan('{"discovered_on": "2024-03-04", "discovered_by": "covered_entity", '
                                  '"affected_by_state": {"TX": 1, "TX": 900}}')
    assert duplicate.returncode == 1
    assert f"{path}: /affected_by_state/TX: appears more than once" in duplicate.stderr
    malformed, path = breach_plan('{"discovered_on": ')
    assert malformed.returncode == 1 and f"{path}:1:" in malformed.stderr
    assert phiguard("breach", "plan", "--input", "/no/such/case.json").returncode == 1


def test_breach_plan_usage_errors_exit_64():
    for args in (["breach"], ["breach", "plan"], ["breach", "plan", "--input", "x.json", "--today", "2023-02-29"],
                 ["breach", "plan", "--input", "x.json", "--frob", "1"], ["breach", "plan", "extra", "--input", "x"]):
        result = phiguard(*args)
        assert result.returncode == 64, args
        assert len(result.stderr.strip().splitlines()) == 1, args


POLICIES = """permit (principal == User::"alice", action == Action::"view", resource in Album::"trip");
@id("no-private")
forbid (principal, action, resource) when { resource.private };
"""
SCHEMA = """entity User;
entity Album;
entity Photo in [Album] = { private: Bool };
action view appliesTo { principal: [User], resource: [Photo] };
"""
ENTITIES = [
    {"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": []},
    {"uid": {"type": "Album", "id": "trip"}, "attrs": {}, "parents": []},
    {"uid": {"type": "Photo", "id": "beach"}, "attrs": {"private": False},
     "parents": [{"type": "Album", "id": "trip"}]},
    {"uid": {"type": "Photo", "id": "secret"}, "attrs": {"private": True},
     "parents": [{"type": "Album", "id": "trip"}]},
]


def policy_files(directory, policies=POLICIES, schema=SCHEMA):
    paths = {name: os.path.join(directory, name) for name in ("p.cedar", "s.cedarschema", "e.json")}
    with open(paths["p.cedar"], "w") as file:
        file.write(policies)
    with open(paths["s.cedarschema"], "w") as file:
        file.write(schema)
    with open(paths["e.json"], "w") as file:
        json.dump(ENTITIES, file)
    return paths


def test_policy_validate_accepts_a_valid_set_and_names_file_line_and_column_otherwise():
    with tempfile.TemporaryDirectory() as directory:
        paths = policy_files(directory)
        result = phiguard("policy", "validate", "--policies", paths["p.cedar"], "--schema", paths["s.cedarschema"])
        assert result.returncode == 0 and result.stdout.strip() == "valid"

        broken = POLICIES + 'permit (principal, action == Action::"view", resource) when { resource.colour == "red" };\n'
        paths = policy_files(directory, policies=broken)
        result = phiguard("policy", "validate", "--policies", paths["p.cedar"], "--schema", paths["s.cedarschema"])
        assert result.returncode == 1
        assert result.stdout.startswith(paths["p.cedar"] + ":4:1: policy2:"), result.stdout
        assert "colour" in result.stdout

        paths = policy_files(directory, policies="permit (principal, action, resource) when { 1 + };\n")
        result = phiguard("policy", "validate", "--policies", paths["p.cedar"], "--schema", paths["s.cedarschema"])
        assert result.returncode == 1
        assert paths["p.cedar"] + ":1:" in result.stderr, result.stderr


def test_policy_authorize_decides_one_request_or_json_lines_in_order():
    with tempfile.TemporaryDirectory() as directory:
        paths = policy_files(directory)
        common = ["policy", "authorize", "--policies", paths["p.cedar"], "--entities", paths["e.json"],
                  "--schema", paths["s.cedarschema"]]
        result = phiguard(*common, "--principal", 'User::"alice"', "--action", 'Action::"view"',
                          "--resource", 'Photo::"beach"')
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == {"decision": "allow", "reasons": ["policy0"], "errors": []}

        requests = os.path.join(directory, "r.jsonl")
        with open(requests, "w") as file:
            for photo in ("secret", "beach", "missing"):
                file.write(json.dumps({"principal": {"type": "User", "id": "alice"},
                                       "action": {"type": "Action", "id": "view"},
                                       "resource": {"type": "Photo", "id": photo}, "context": {}}) + "\n")
        result = phiguard(*common, "--requests", requests)
        assert result.returncode == 0, result.stderr
        answers = [json.loads(line) for line in result.stdout.splitlines()]
        assert [a["decision"] for a in answers] == ["deny", "allow", "deny"]
        assert answers[0]["reasons"] == ["policy1"]
        assert answers[2]["errors"] == ["policy1"]


def test_policy_authorize_rejects_bad_input_with_file_line_and_column_and_exits_1():
    with tempfile.TemporaryDirectory() as directory:
        paths = policy_files(directory)
        requests = os.path.join(directory, "r.jsonl")
        with open(requests, "w") as file:
            file.write(json.dumps({"principal": 'User::"alice"', "action": 'Action::"view"',
                                   "resource": 'Photo::"beach"'}) + "\n")
            file.write('{"principal": "User::\\"alice\\"", "action": 3}\n')
        result = phiguard("policy", "authorize", "--policies", paths["p.cedar"], "--entities", paths["e.json"],
                          "--requests", requests)
        assert result.returncode == 1
        assert requests + ":2:" in result.stderr, result.stderr
        assert result.stdout == ""

        with open(paths["e.json"], "w") as file:
            file.write('[{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": []},\n  {"uid": 5}]')
        result = phiguard("policy", "authorize", "--policies", paths["p.cedar"], "--entities", paths["e.json"],
                          "--principal", 'User::"alice"', "--action", 'Action::"view"', "--resource", 'Photo::"x"')
        assert result.returncode == 1
        assert paths["e.json"] + ":" in result.stderr, result.stderr

        paths = policy_files(directory)
        result = phiguard("policy", "authorize", "--policies", paths["p.cedar"], "--entities", paths["e.json"])
        assert result.returncode == 64 and "--principal" in result.stderr, result.stderr


def test_policy_pack_writes_a_pack_that_validates():
    with tempfile.TemporaryDirectory() as directory:
        result = phiguard("policy", "pack", "--out", directory)
        assert result.returncode == 0
        result = phiguard("policy", "validate", "--policies", os.path.join(directory, "hipaa.cedar"),
                          "--schema", os.path.join(directory, "hipaa.cedarschema"))
        assert result.returncode == 0 and result.stdout.strip() == "valid", result.stdout
