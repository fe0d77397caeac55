# newsgraph build, run and test entry points. GNU make.
#
#   make run    build everything, start a managed local Dgraph, ingest the demo
#               corpus, then serve the GraphQL API and the UI
#   make test   vet, build what the tests need (Dgraph, web assets, Chromium),
#               run every test with the race detector
#   make bench  benchmarks, one iteration each, printing their figures
#   make eval   score the extractor against the gold development set
#   make generate   regenerate the GraphQL code from graph/schema.graphqls

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

GO ?= go
NPM ?= npm

# Packages that hold benchmarks; `make bench BENCH_PKGS=./store` runs one.
# They run one package at a time (-p 1) so that figures are not skewed by
# another package's benchmark on the same cores.
BENCH_PKGS ?= ./store ./ingest ./ingest/extract ./ingest/extract/gazetteer ./graph ./gen ./web/e2e
# Go test flags for `make test`; -race doubles the time, so CI keeps -p at the
# core count rather than letting several Dgraph-backed packages pile up.
TEST_FLAGS ?= -race -timeout 60m -p 2
GOLD ?= ../shared/eval/dev
DEMO ?= examples/demo/articles

DGRAPH := bin/dgraph
NEWSGRAPH := bin/newsgraph

# The web UI is optional until web/package.json exists. Its build is stamped
# so that it is skipped while package-lock.json and web/src are unchanged.
WEB_STAMP := bin/.web-built
ifneq ($(wildcard web/package.json),)
WEB_DEPS := $(WEB_STAMP)
WEB_SRC := $(shell find web/src web/public web/index.html web/tsconfig.json web/*.config.* -type f 2>/dev/null)
endif

.PHONY: build run test vet bench eval web chromium generate clean distclean newsgraph

build: $(WEB_DEPS) newsgraph

# Always handed to the go tool, which knows what is up to date.
newsgraph:
	$(GO) build -o $(NEWSGRAPH) ./cmd/newsgraph

# Dgraph is built from the module proxy, only when the binary is missing.
$(DGRAPH):
	mkdir -p bin
	cd tools/dgraph && $(GO) build -o ../../$(DGRAPH) github.com/dgraph-io/dgraph/v25/dgraph

dgraph: $(DGRAPH)
.PHONY: dgraph

web: $(WEB_DEPS)

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && $(NPM) ci --no-audit --no-fund
	mkdir -p web/node_modules && touch $@

$(WEB_STAMP): web/node_modules/.package-lock.json $(WEB_SRC)
	cd web && $(NPM) run build
	mkdir -p bin
	touch $@

# Browser tests drive Debian's chromium headless.
chromium:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; }

# A demo article the extractor cannot read is listed by ingest (exit 1) but
# does not keep the rest of the graph from being served.
run: build $(DGRAPH)
	$(NEWSGRAPH) ingest $(DEMO) || echo "make run: some demo articles were not ingested (see above); serving the rest" >&2
	$(NEWSGRAPH) serve

vet: $(WEB_DEPS)
	$(GO) vet ./...

# The log is kept in test-output/ for CI to archive (pipefail keeps go test's
# status).
test: vet $(DGRAPH) $(WEB_DEPS) chromium
	mkdir -p test-output
	$(GO) test $(TEST_FLAGS) ./... 2>&1 | tee test-output/go-test.log

bench: $(DGRAPH) $(WEB_DEPS) chromium
	$(GO) test -p 1 -run '^$$' -bench . -benchtime 1x -timeout 60m $(BENCH_PKGS)

# Regenerates gqlgen's code after graph/schema.graphqls changes; the
# generated files are committed, so builds never need this.
generate:
	$(GO) generate ./graph/...

eval: build
	$(NEWSGRAPH) eval --gold $(GOLD)

clean:
	rm -f $(NEWSGRAPH) $(WEB_STAMP)
	rm -rf test-output
	$(GO) clean -testcache

# Also removes the Dgraph binary (rebuilt from the module proxy) and the
# managed Dgraph's data.
distclean: clean
	rm -rf bin data web/node_modules
