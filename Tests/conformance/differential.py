#!/usr/bin/env python3
"""Differential testing of PHIGuard's Cedar engine against the reference implementation (cedarpy, the Rust crate).

Each scenario (a seeded schema, entities, policies and a batch of requests) is written to files, decided by
cedarpy in process and by `phiguard policy authorize --requests` as a subprocess, and every request is compared on
the decision, the determining policy ids, and the ids of the policies whose evaluation failed. A disagreement is
shrunk (dropping policies, then entities, while it persists) and written to
build-output/cedar-disagreements/<seed>-<n>/. The last line printed is `N passed, M failed`.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import cedarpy

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generator import generate  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ERROR_POLICY = re.compile(r"error while evaluating policy `([^`]+)`")


class Answer:
    """One engine's answer to one request, reduced to what both engines must agree on."""

    def __init__(self, decision, reasons, errors, detail=None):
        self.decision = decision
        self.reasons = sorted(reasons)
        self.errors = sorted(errors)
        self.detail = detail

    def key(self):
        return (self.decision, self.reasons, self.errors)

    def as_dict(self):
        result = {"decision": self.decision, "reasons": self.reasons, "errors": self.errors}
        if self.detail is not None:
            result["detail"] = self.detail
        return result


class InvalidScenario(Exception):
    """cedarpy refused the input itself (schema, entities or request): a generator bug, not an engine one."""


def write_files(scenario, directory):
    """Writes the scenario's inputs; returns the paths keyed by role."""
    paths = {
        "policies": os.path.join(directory, "policies.cedar"),
        "entities": os.path.join(directory, "entities.json"),
        "requests": os.path.join(directory, "requests.jsonl"),
    }
    with open(paths["policies"], "w", encoding="utf-8") as f:
        f.write(scenario.policies_text())
    with open(paths["entities"], "w", encoding="utf-8") as f:
        f.write(scenario.entities_json())
    with open(paths["requests"], "w", encoding="utf-8") as f:
        for request in scenario.requests:
            f.write(json.dumps(request, ensure_ascii=False) + "\n")
    schema = scenario.schema_text()
    if schema is not None:
        paths["schema"] = os.path.join(directory, scenario.schema_file_name())
        with open(paths["schema"], "w", encoding="utf-8") as f:
            f.write(schema)
    return paths


def start_swift(binary, paths):
    command = [binary, "policy", "authorize", "--policies", paths["policies"], "--entities", paths["entities"],
               "--requests", paths["requests"]]
    if "schema" in paths:
        command += ["--schema", paths["schema"]]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_swift(process, count):
    out, err = process.communicate(timeout=120)
    if process.returncode != 0:
        failure = "exit %d: %s" % (process.returncode, err.strip())
        return [Answer("failure", [], [], failure) for _ in range(count)]
    answers = []
    for line in out.splitlines():
        parsed = json.loads(line)
        answers.append(Answer(parsed["decision"], parsed["reasons"], parsed["errors"]))
    if len(answers) != count:
        return [Answer("failure", [], [], "expected %d lines, got %d" % (count, len(answers)))] * count
    return answers


def run_cedar(scenario):
    try:
        results = cedarpy.is_authorized_batch(scenario.requests, scenario.policies_text(), scenario.entities_json(),
                                              scenario.schema_text())
    except ValueError as error:
        raise InvalidScenario(str(error))
    answers = []
    for result in results:
        response = result._authz_resp
        decision = response.get("decision")
        errors = result.diagnostics.errors
        ids = []
        for message in errors:
            match = ERROR_POLICY.search(message)
            if not match:
                raise InvalidScenario(message)
            ids.append(match.group(1))
        if decision not in ("Allow", "Deny"):
            raise InvalidScenario("decision %s: %s" % (decision, errors))
        answers.append(Answer(decision.lower(), result.diagnostics.reasons, ids, errors or None))
    return answers


def decide(binary, scenario, directory):
    """Both engines' answers for every request of the scenario."""
    paths = write_files(scenario, directory)
    process = start_swift(binary, paths)
    try:
        cedar = run_cedar(scenario)
    finally:
        swift = finish_swift(process, len(scenario.requests))
    return cedar, swift


def disagrees(binary, scenario, directory):
    try:
        cedar, swift = decide(binary, scenario, directory)
    except InvalidScenario:
        return False
    return any(c.key() != s.key() for c, s in zip(cedar, swift))


def shrink(binary, scenario, directory):
    """Drops policies, entities and requests one at a time while some disagreement remains."""
    for field in ("requests", "policies", "entities"):
        index = 0
        while index < len(getattr(scenario, field)):
            items = getattr(scenario, field)
            if field != "entities" and len(items) == 1:
                break
            candidate = scenario.replace(**{field: items[:index] + items[index + 1:]})
            if disagrees(binary, candidate, directory):
                scenario = candidate
            else:
                index += 1
    return scenario


def report(binary, scenario, seed, number, out_dir, work):
    """Shrinks a disagreeing scenario and writes the reproduction; returns its directory."""
    small = shrink(binary, scenario, work)
    cedar, swift = decide(binary, small, work)
    target = os.path.join(out_dir, "%s-%d" % (seed, number))
    shutil.rmtree(target, ignore_errors=True)
    os.makedirs(target)
    paths = write_files(small, target)
    index = next((i for i, (c, s) in enumerate(zip(cedar, swift)) if c.key() != s.key()), 0)
    with open(os.path.join(target, "request.json"), "w", encoding="utf-8") as f:
        json.dump(small.requests[index], f, ensure_ascii=False, indent=1)
    with open(os.path.join(target, "cedar.json"), "w", encoding="utf-8") as f:
        json.dump(cedar[index].as_dict(), f, ensure_ascii=False, indent=1)
    with open(os.path.join(target, "swift.json"), "w", encoding="utf-8") as f:
        json.dump(swift[index].as_dict(), f, ensure_ascii=False, indent=1)
    schema = " --schema %s" % os.path.basename(paths["schema"]) if "schema" in paths else ""
    with open(os.path.join(target, "reproduce.sh"), "w", encoding="utf-8") as f:
        f.write("#!/bin/sh\n# Swift answer for the reproduction (compare with cedar.json).\ncd \"$(dirname \"$0\")\"\n")
        f.write("%s policy authorize --policies policies.cedar --entities entities.json --requests requests.jsonl%s\n"
                % (os.path.abspath(binary), schema))
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", default="1", help="seed; the same seed gives the same cases")
    parser.add_argument("--cases", type=int, default=300, help="requests to compare in all")
    parser.add_argument("--per-scenario", type=int, default=10, help="requests per scenario (one batch)")
    parser.add_argument("--time-limit", type=float, default=0, help="stop starting batches after this many seconds")
    parser.add_argument("--max-reports", type=int, default=10, help="disagreements to shrink and write out")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/phiguard"))
    parser.add_argument("--out", default=os.path.join(ROOT, "build-output/cedar-disagreements"))
    args = parser.parse_args(argv)

    started = time.monotonic()
    passed = failed = invalid = scenarios = 0
    reports = []
    with tempfile.TemporaryDirectory(prefix="cedar-diff-") as work:
        index = 0
        while passed + failed < args.cases:
            if args.time_limit and time.monotonic() - started > args.time_limit:
                print("time limit reached after %d scenarios" % scenarios)
                break
            count = min(args.per_scenario, args.cases - passed - failed)
            scenario = generate(args.seed, index, count)
            index += 1
            try:
                cedar, swift = decide(args.binary, scenario, work)
            except InvalidScenario as error:
                invalid += 1
                if invalid <= 3:
                    print("generator produced input cedarpy rejects (scenario %d): %s" % (index - 1, error))
                continue
            scenarios += 1
            bad = sum(1 for c, s in zip(cedar, swift) if c.key() != s.key())
            passed += count - bad
            failed += bad
            if bad and len(reports) < args.max_reports:
                target = report(args.binary, scenario, args.seed, index - 1, args.out, work)
                reports.append(target)
                print("disagreement in scenario %d: %s" % (index - 1, target))
    elapsed = time.monotonic() - started
    print("%d scenarios, %d skipped as invalid input, %.1f s (%.0f cases/s)"
          % (scenarios, invalid, elapsed, (passed + failed) / max(elapsed, 1e-9)))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
