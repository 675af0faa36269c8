#!/usr/bin/env python3
"""The peer of the policy benchmark: the same workload through cedarpy (the reference Rust implementation).

Parses the policies, entities and schema once into cedarpy handles, then times `is_authorized_batch` over the
first N requests of requests.jsonl and prints one result line: `cedarpy <decisions/s> <microseconds/decision>`.
With --compare FILE (one `{"decision", "reasons", ...}` line per request, as `phiguard policy authorize`
prints), it also checks that both engines reached the same decisions and determining policies, and exits 1 if
any differ, so a fast wrong answer cannot pass for a fast right one.
"""

import argparse
import json
import os
import sys
import time

import cedarpy


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", required=True)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--compare")
    args = parser.parse_args()

    def read(name):
        with open(os.path.join(args.workload, name)) as file:
            return file.read()

    schema = cedarpy.Schema.from_str(read("schema.cedarschema"))
    policies = cedarpy.PolicySet.from_str(read("policies.cedar"))
    entities = cedarpy.Entities.from_json_str(read("entities.json"), schema=schema)
    with open(os.path.join(args.workload, "requests.jsonl")) as file:
        requests = []
        for line in file:
            request = json.loads(line)
            requests.append({
                "principal": f'{request["principal"]["type"]}::"{request["principal"]["id"]}"',
                "action": f'{request["action"]["type"]}::"{request["action"]["id"]}"',
                "resource": f'{request["resource"]["type"]}::"{request["resource"]["id"]}"',
                "context": request["context"],
            })
            if len(requests) == args.requests:
                break

    cedarpy.is_authorized_batch(requests[:50], policies, entities, schema)  # warm-up
    started = time.perf_counter()
    results = cedarpy.is_authorized_batch(requests, policies, entities, schema)
    elapsed = time.perf_counter() - started
    print(f"cedarpy {len(requests) / elapsed:.0f} {elapsed / len(requests) * 1e6:.1f}")

    if args.compare:
        with open(args.compare) as file:
            ours = [json.loads(line) for line in file][: len(results)]
        differing = 0
        for index, (theirs, mine) in enumerate(zip(results, ours)):
            decision = "allow" if theirs.decision == cedarpy.Decision.Allow else "deny"
            reasons = sorted(theirs.diagnostics.reasons)
            if decision != mine["decision"] or reasons != sorted(mine["reasons"]):
                differing += 1
                if differing <= 3:
                    print(f"request {index}: cedarpy {decision} {reasons}, phiguard {mine['decision']} "
                          f"{sorted(mine['reasons'])}", file=sys.stderr)
        if differing:
            print(f"{differing} of {len(results)} decisions differ from cedarpy", file=sys.stderr)
            sys.exit(1)
        print(f"agree {len(results)}", file=sys.stderr)


if __name__ == "__main__":
    main()
