# PHIGuard: `make run` serves on an embedded SQLite store; `make test` runs the whole suite.
# Both install what is missing first, so they work on a fresh Debian 12 machine.

SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV := .venv
PY := $(VENV)/bin/python

# Debian packages by purpose. Build: the C libraries PHIGuard links. Test: the PostgreSQL server the store
# tests start themselves, the browser for the console tests, Python for test peers. Bench: load tools and nginx.
BUILD_PACKAGES := libsqlite3-dev libpq-dev libssl-dev libmicrohttpd-dev pkg-config
TEST_PACKAGES := postgresql chromium chromium-driver python3 python3-venv python3-pip
BENCH_PACKAGES := wrk nginx hyperfine curl bc

DATA_DIR ?= ./.phiguard
# Differential testing of the Cedar engine against cedarpy: `make conformance` runs the full count with a
# seed that changes daily; `make test` runs a short fixed-seed slice.
CONFORMANCE_CASES ?= 10000
CONFORMANCE_SEED ?= $(shell date +%Y%m%d)
RUN_FLAGS ?=

.PHONY: run build release test unit-test e2e-test conformance lint bench deps test-deps bench-deps venv clean

run: deps release
	.build/release/phiguard serve --data $(DATA_DIR) $(RUN_FLAGS)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: deps test-deps venv lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) e2e-test

unit-test:
	$(SWIFT) test

e2e-test: venv release
	$(SWIFT) test --filter ExportSamplesTests
	$(PY) -m pytest -q Tests/e2e
	$(PY) Tests/conformance/differential.py --cases 600 --seed 1

conformance: venv release
	$(PY) Tests/conformance/differential.py --cases $(CONFORMANCE_CASES) --seed $(CONFORMANCE_SEED)

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests bench/Sources Package.swift

bench: deps bench-deps release
	bash bench/run.sh

deps:
	@bash scripts/apt-ensure.sh $(BUILD_PACKAGES)

test-deps:
	@bash scripts/apt-ensure.sh $(TEST_PACKAGES)

bench-deps:
	@bash scripts/apt-ensure.sh $(BENCH_PACKAGES)

venv: $(VENV)/.installed

$(VENV)/.installed: Tests/requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r Tests/requirements.txt
	touch $@

clean:
	rm -rf .build $(VENV)
