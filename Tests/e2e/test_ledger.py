"""The audit ledger from outside: intake over HTTP, offline verification that catches tampering done directly
in the SQLite file, and proof checking with only the public key."""

import json
import os
import pathlib
import random
import sqlite3
import subprocess
import tempfile
import urllib.request

from conftest import BINARY, Server

EVENT = {"action": "view", "actor": {"user_id": "dr.quinn", "role": "physician"}, "patient_id": "MRN-77",
         "phi_category": "general", "purpose_of_use": "TREAT", "source_time": "2026-12-03T10:00:00.000Z"}


def phiguard(*args):
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=120)


def call(server, method, path, token, body=None):
    request = urllib.request.Request(
        server.base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.read()


def token(data, *scopes):
    args = ["token", "create", "--data", data, "--name", "e2e"]
    for scope in scopes:
        args += ["--scope", scope]
    result = phiguard(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_offline_verification_catches_direct_edits_and_names_the_index():
    server = Server()
    try:
        data = str(server.data)
        secret = token(data, "audit:write", "audit:read")
        call(server, "POST", "/api/v1/audit/events", secret, {"events": [EVENT] * 40})
        call(server, "POST", "/api/v1/ledger/checkpoint", secret)
    finally:
        server.process.terminate()
        server.process.wait(timeout=15)
    try:
        ok = phiguard("ledger", "verify", "--data", data)
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert "OK: the ledger is intact" in ok.stdout

        database = sqlite3.connect(os.path.join(data, "phiguard.sqlite3"))
        size = database.execute("SELECT COUNT(*) FROM ledger_entries").fetchone()[0]
        rng = random.Random(7)
        for _ in range(12):
            seq = rng.randrange(size)
            column = rng.choice(["leaf_hash", "sealed_entry", "action", "occurred_at", "user_index", "nodes"])
            original = database.execute(f"SELECT {column} FROM ledger_entries WHERE seq = ?", (seq,)).fetchone()[0]
            if isinstance(original, int):
                changed = original + 1
            elif isinstance(original, str):
                changed = original + "x"
            else:
                changed = bytes(original[:-1]) + bytes([original[-1] ^ 1]) if original else b"\x01"
            database.execute(f"UPDATE ledger_entries SET {column} = ? WHERE seq = ?", (changed, seq))
            database.commit()
            bad = phiguard("ledger", "verify", "--data", data, "--json")
            assert bad.returncode == 1, (column, seq)
            assert json.loads(bad.stdout)["first_bad_index"] == seq, (column, seq, bad.stdout)
            database.execute(f"UPDATE ledger_entries SET {column} = ? WHERE seq = ?", (original, seq))
            database.commit()
        database.execute("DELETE FROM ledger_entries WHERE seq = 17")
        database.commit()
        deleted = phiguard("ledger", "verify", "--data", data, "--json")
        assert deleted.returncode == 1 and json.loads(deleted.stdout)["first_bad_index"] == 17
    finally:
        server.directory.cleanup()


def test_an_auditor_checks_a_proof_with_only_the_public_key():
    server = Server()
    try:
        secret = token(str(server.data), "audit:write", "audit:read")
        call(server, "POST", "/api/v1/audit/events", secret, {"events": [EVENT] * 9})
        old_note = call(server, "POST", "/api/v1/ledger/checkpoint", secret)
        call(server, "POST", "/api/v1/audit/events", secret, {"events": [EVENT] * 4})
        note = call(server, "POST", "/api/v1/ledger/checkpoint", secret)
        key = urllib.request.urlopen(server.base + "/api/v1/ledger/key", timeout=5).read().decode().strip()
        old_size = int(old_note.decode().splitlines()[1])
        size = int(note.decode().splitlines()[1])
        index = old_size - 2
        with tempfile.TemporaryDirectory() as work:
            files = {name: pathlib.Path(work, name) for name in ("cp", "old", "proof", "entry", "cons")}
            files["cp"].write_bytes(note)
            files["old"].write_bytes(old_note)
            files["proof"].write_bytes(call(server, "GET", f"/api/v1/ledger/proof/inclusion?index={index}&size={size}", secret))
            files["entry"].write_bytes(call(server, "GET", f"/api/v1/ledger/entries/{index}", secret))
            files["cons"].write_bytes(call(server, "GET", f"/api/v1/ledger/proof/consistency?from={old_size}&to={size}", secret))
            inclusion = phiguard("ledger", "verify-proof", "--key", key, "--checkpoint", str(files["cp"]),
                                 "--inclusion", str(files["proof"]), "--entry", str(files["entry"]))
            assert inclusion.returncode == 0, inclusion.stderr
            consistency = phiguard("ledger", "verify-proof", "--key", key, "--checkpoint", str(files["cp"]),
                                   "--consistency", str(files["cons"]), "--old-checkpoint", str(files["old"]))
            assert consistency.returncode == 0, consistency.stderr
            # The same proof against a forged entry fails.
            entry = json.loads(files["entry"].read_text())
            entry["event"]["actor"]["user_id"] = "someone.else"
            files["entry"].write_text(json.dumps(entry, separators=(",", ":")))
            forged = phiguard("ledger", "verify-proof", "--key", key, "--checkpoint", str(files["cp"]),
                              "--inclusion", str(files["proof"]), "--entry", str(files["entry"]))
            assert forged.returncode == 1
    finally:
        server.stop()
