"""Writes a batch of native audit events as the body of POST /api/v1/audit/events: python3 events.py N."""
import datetime
import json
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
roles = ["physician", "nurse", "pharmacist", "scribe"]
categories = ["general", "demographics", "medications", "laboratory", "mental-health"]
events = [
    {
        "action": "view",
        "actor": {"user_id": f"user-{(i * 7919) % 5000}", "role": roles[i % len(roles)]},
        "patient_id": f"MRN-{1000000 + (i * 104729) % 200000}",
        "phi_category": categories[i % len(categories)],
        "purpose_of_use": "TREAT",
        "source_time": now,
    }
    for i in range(count)
]
json.dump({"events": events}, sys.stdout, separators=(",", ":"))
