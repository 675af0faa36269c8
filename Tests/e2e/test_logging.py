"""Logs are JSON lines with constant messages, and carry neither PHI nor secrets, even at trace level."""

import json
import urllib.error
import urllib.request

PATIENT = "Zebediah Quartermaine"
PASSWORD = "Hunter2-Secret-Passphrase"


def post(url, body, content_type):
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_patient_names_and_passwords_never_reach_the_logs(server):
    post(server.base + "/signin", f"username=admin&password={PASSWORD}&csrf_token=x".encode(),
         "application/x-www-form-urlencoded")
    post(server.base + "/api/v1/status", json.dumps({"patient": PATIENT, "password": PASSWORD}).encode(),
         "application/json")
    try:
        urllib.request.urlopen(server.base + "/nowhere?patient=Zebediah+Quartermaine", timeout=5)
    except urllib.error.HTTPError as error:
        assert error.code == 404

    one_time = server.one_time_password()
    logs = server.stderr
    assert logs.strip(), "the server wrote no logs at trace level"
    for line in logs.strip().splitlines():
        record = json.loads(line)
        assert {"ts", "level", "msg"} <= record.keys()
    for secret in ("Zebediah", "Quartermaine", PASSWORD, one_time):
        assert secret not in logs
