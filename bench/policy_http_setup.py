#!/usr/bin/env python3
"""Loads the policy benchmark's workload into a running PHIGuard for the /api/v1/authorize/batch figure.

Uploads entities.json to the directory in chunks under the body limit, stores policies.cedar with its schema as
a new policy version and activates it, then writes the batch body wrk posts (the first BATCH requests of
api-requests.json) and checks once that the server decides it. Prints the batch size.
"""

import argparse
import json
import os
import sys
import urllib.request


def call(base, token, method, path, body):
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as error:
        sys.exit(f"{method} {path} answered {error.code}: {error.read().decode()[:2000]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--token", required=True, help="a token with the policy:manage and authorize scopes")
    parser.add_argument("--workload", required=True)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--body", required=True, help="where to write the batch body")
    args = parser.parse_args()

    def read(name):
        with open(os.path.join(args.workload, name)) as file:
            return file.read()

    # The schema first, so the entities are checked against the workload's own (the pack's) schema.
    version = call(args.base, args.token, "POST", "/api/v1/policies",
                   {"policies": read("policies.cedar"), "schema": read("schema.cedarschema"),
                    "comment": "benchmark: HIPAA pack plus generated site policies"})
    number = version.get("version")
    call(args.base, args.token, "POST", f"/api/v1/policies/{number}/activate", {})
    entities = json.loads(read("entities.json"))
    chunk = 2_000
    for start in range(0, len(entities), chunk):
        call(args.base, args.token, "PUT", "/api/v1/directory/entities", entities[start:start + chunk])
    requests = json.loads(read("api-requests.json"))[: args.batch]
    with open(args.body, "w") as file:
        json.dump({"requests": requests}, file)
    answer = call(args.base, args.token, "POST", "/api/v1/authorize/batch", {"requests": requests})
    if len(answer.get("decisions", [])) != len(requests):
        sys.exit("the batch was not decided in full")
    print(len(requests))


if __name__ == "__main__":
    main()
