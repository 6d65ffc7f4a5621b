# Two commands set everything up on a fresh machine with Go and Node:
#   make run    build the SPA and the server, start an embedded PostgreSQL and a
#               mail catcher, seed the demo district, serve http://127.0.0.1:8080
#   make test   every test: Go (-race, real PostgreSQL and SMTP), frontend, e2e in Chromium
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO      ?= go
NPM     ?= npm
BIN     := bin/portal
GOFLAGS ?=

.PHONY: help run test test-go test-frontend e2e build build-web build-go deps gen gen-check lint bench bench-smoke migrate clean

help:
	@echo "make run      start the portal with demo data (http://127.0.0.1:8080)"
	@echo "make test     run every test (Go, frontend, end-to-end in Chromium)"
	@echo "make e2e      run only the end-to-end suite"
	@echo "make fuzz     run each fuzz target for FUZZTIME (default 30s)"
	@echo "make gen      regenerate code from openapi.yaml"
	@echo "make lint     vet and format checks"
	@echo "make bench    benchmarks (see README)"
	@echo "make migrate  apply database migrations to DATABASE_URL (or the embedded database)"

# --- dependencies (installed only when missing or when a lock file changed) ---
frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund
	touch $@

e2e/node_modules/.installed: e2e/package-lock.json
	cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(NPM) ci --no-audit --no-fund
	touch $@

deps: frontend/node_modules/.installed
	$(GO) mod download

# --- build ---
build-web: frontend/node_modules/.installed
	cd frontend && $(NPM) run build

# bin/testop is the end-to-end suite's OpenID provider (zitadel's example OP), built beside
# the portal and never into it.
build-go:
	$(GO) build $(GOFLAGS) -o $(BIN) ./backend/cmd/portal
	$(GO) build $(GOFLAGS) -o bin/testop ./backend/cmd/testop

build: build-web build-go

run: deps build
	PORTAL_PG_BIN_DIR=$${PORTAL_PG_BIN_DIR:-$$(scripts/ensure-postgres.sh)} PORTAL_DEMO=$${PORTAL_DEMO:-1} ./$(BIN) serve

migrate: build-go
	PORTAL_PG_BIN_DIR=$${PORTAL_PG_BIN_DIR:-$$(scripts/ensure-postgres.sh)} ./$(BIN) migrate

# --- tests ---
test: deps gen-check test-go test-fuzz test-frontend bench-smoke e2e

test-go:
	scripts/ensure-slapd.sh
	PORTAL_PG_BIN_DIR=$${PORTAL_PG_BIN_DIR:-$$(scripts/ensure-postgres.sh)} $(GO) test -race -count=1 ./backend/...

# Fuzz targets (func FuzzXxx in backend/internal) are found, not listed: go test -fuzz
# takes one target of one package at a time. Their seed corpora also run in test-go.
# A short minimising budget keeps a run from ending inside a minimisation. make test counts
# inputs instead of seconds: a timed run that finds a new input at its deadline can end in
# "context deadline exceeded" (a false failure), a counted run has no deadline.
FUZZTIME ?= 30s
FUZZSMOKETIME ?= 3000x
.PHONY: fuzz test-fuzz
fuzz_each = grep -rlE --include='*_test.go' '^func Fuzz' backend/internal | xargs -n1 dirname | sort -u | \
	while read -r dir; do for fn in $$(grep -hoE '^func Fuzz[A-Za-z0-9_]+' "$$dir"/*_test.go | cut -d' ' -f2); do \
	  echo "fuzz $$fn in $$dir for $(1)"; \
	  $(GO) test -run='^$$' -fuzz="^$$fn\$$" -fuzztime=$(1) -fuzzminimizetime=100x "./$$dir" || exit 1; \
	done; done

fuzz:
	$(call fuzz_each,$(FUZZTIME))

test-fuzz:
	$(call fuzz_each,$(FUZZSMOKETIME))

test-frontend: frontend/node_modules/.installed
	cd frontend && $(NPM) test

e2e: e2e/node_modules/.installed build
	scripts/ensure-chromium.sh
	cd e2e && PORTAL_PG_BIN_DIR=$${PORTAL_PG_BIN_DIR:-$$(../scripts/ensure-postgres.sh)} $(NPM) test

# --- code generation from openapi.yaml ---
gen: frontend/node_modules/.installed
	cd backend && $(GO) generate ./...
	cd frontend && $(NPM) run gen

# Generated files are committed; this fails when they are stale.
gen-check: gen
	@git diff --exit-code -- backend/internal/httpapi/api.gen.go frontend/src/api/schema.d.ts \
	  || { echo "generated code is stale: run 'make gen' and commit the result"; exit 1; }

lint:
	$(GO) vet ./backend/...
	@test -z "$$(gofmt -l backend)" || { gofmt -l backend; echo "run gofmt -w backend"; exit 1; }
	cd frontend && $(NPM) run typecheck

bench: build
	PORTAL_PG_BIN_DIR=$${PORTAL_PG_BIN_DIR:-$$(scripts/ensure-postgres.sh)}; export PORTAL_PG_BIN_DIR; scripts/bench.sh -profile bench-signin.pprof && scripts/bench-web.sh && scripts/bench-search.sh && scripts/bench-roster.sh && scripts/bench-import.sh && \
	  $(GO) test -count=1 -run '^$$' -bench '^BenchmarkStaffSignInTOTP$$' -benchtime 8s ./backend/internal/httpapi/ && \
	  $(GO) test -count=1 -run '^$$' -bench '^BenchmarkBadgeSignIn$$' -benchtime 5s ./backend/internal/httpapi/ && \
	  $(GO) test -count=1 -run '^$$' -bench '^BenchmarkBadgeSignInAtTarget$$' -benchtime 10000x ./backend/internal/httpapi/ && \
	  $(GO) test -count=1 -run '^$$' -bench '^BenchmarkClassReset$$' -benchtime 20x ./backend/internal/httpapi/ && \
	  $(GO) test -count=1 -run '^$$' -bench '^BenchmarkSchoolReset$$' -benchtime 2x ./backend/internal/httpapi/ && \
	  $(GO) test -count=1 -run '^$$' -bench '^BenchmarkMailDrain$$' -benchtime 1x -timeout 30m ./backend/internal/portal/ && \
	  $(GO) test -count=1 -timeout 30m -run '^$$' -bench '^BenchmarkRegeneration$$' -benchtime 1x ./backend/internal/httpapi/ && \
	  scripts/ensure-slapd.sh && \
	  $(GO) test -count=1 -run '^$$' -bench '^BenchmarkDirectoryWriteBack$$' -benchtime 1x ./backend/internal/httpapi/

# The Go bench for a few seconds, figures printed, not asserted: fails only when it cannot measure.
bench-smoke: build-go
	PORTAL_PG_BIN_DIR=$${PORTAL_PG_BIN_DIR:-$$(scripts/ensure-postgres.sh)}; export PORTAL_PG_BIN_DIR; scripts/bench.sh -smoke && \
	  PORTAL_BENCH_IMPORT_STUDENTS=5000 scripts/bench-import.sh

clean:
	rm -rf bin frontend/dist e2e/test-results e2e/playwright-report
