"""Validates the export samples the Swift suite writes (ExportSamplesTests.swift) with independent parsers.

`make test` runs the Swift tests first; they rewrite build-output/export-samples/. A missing or empty directory
is a failure, never a skip: it means the Swift side did not run or wrote nothing.
"""

import json
import pathlib

import pytest
from fhir.resources.R4B.auditevent import AuditEvent
from syslog_rfc5424_parser import SyslogMessage

SAMPLES = pathlib.Path(__file__).resolve().parents[2] / "build-output" / "export-samples"
OCSF_CLASSES = {6001: 6, 6004: 6, 3001: 3, 3002: 3, 3004: 3, 3005: 3}
WEB_ACTIVITIES = {"create": 1, "view": 2, "update": 3, "delete": 4, "query": 5, "export": 7}


def sample_files(pattern):
    if not SAMPLES.is_dir():
        pytest.fail(f"{SAMPLES} is missing: run the Swift suite (swift test) first")
    files = sorted(SAMPLES.glob(pattern))
    if not files:
        pytest.fail(f"no {pattern} samples in {SAMPLES}")
    return files


def test_every_fhir_sample_is_a_valid_r4_audit_event():
    files = sample_files("fhir-*.json")
    actions = set()
    for path in files:
        event = AuditEvent.model_validate_json(path.read_text())
        assert event.recorded and event.type.code and event.source.observer
        assert event.agent and all(agent.requestor is not None for agent in event.agent)
        assert any(agent.requestor for agent in event.agent)
        assert event.action in {"C", "R", "U", "D", "E"}
        assert event.outcome in {"0", "4", "8", "12"}
        actions.add(path.stem.split("-", 2)[2])
        if event.type.code == "110110":
            patients = [e for e in event.entity if e.type and e.type.code == "1" and e.role and e.role.code == "1"]
            assert len(patients) == 1 and patients[0].what.reference.startswith("Patient/")
    assert {"create", "view", "update", "delete", "export", "query"} <= actions


def test_every_syslog_line_parses_as_rfc5424():
    (path,) = sample_files("syslog.txt")
    lines = path.read_text().splitlines()
    assert lines
    for line in lines:
        message = SyslogMessage.parse(line).as_dict()
        assert message["version"] == 1 and message["facility"] == "local4"
        element = message["sd"]["phiguard@32473"]
        assert len(element["leaf_hash"]) == 64 and element["index"].isdigit()
        assert message["severity"] == ("notice" if element["outcome"] == "success" else "warning")
        assert "p-9" not in line, "the patient id is PHI and must not reach syslog"


def test_every_ocsf_line_follows_the_class_rules():
    (path,) = sample_files("ocsf.jsonl")
    lines = path.read_text().splitlines()
    assert lines
    for line in lines:
        event = json.loads(line)
        assert event["type_uid"] == event["class_uid"] * 100 + event["activity_id"]
        assert event["category_uid"] == OCSF_CLASSES[event["class_uid"]]
        assert event["metadata"]["product"]["name"] == "PHIGuard"
        assert isinstance(event["time"], int) and event["status_id"] in (1, 2)
        phiguard = event["unmapped"]["phiguard"]
        if phiguard["event_class"] == "phi.access" and phiguard["action"] in WEB_ACTIVITIES:
            assert event["class_uid"] == 6001 and event["activity_id"] == WEB_ACTIVITIES[phiguard["action"]]
        if phiguard["event_class"] == "authentication":
            assert event["class_uid"] == 3002
