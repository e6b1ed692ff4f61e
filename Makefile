# flake-unify — the commands a developer and CI run.
GO ?= go

.PHONY: all build demo test test-short bench fuzz vet

all: build

build:
	$(GO) build -o bin/flake-unify ./cmd/flake-unify

# demo: the main job on the embedded example flake (testdata/demo), in a scratch copy.
demo: build
	@./scripts/demo.sh ./bin/flake-unify

# test: every test, including the ones that run real Nix and git (they fail, not
# skip, under CI=true when Nix is missing).
test: vet
	$(GO) test -count=1 -timeout 60m ./...

test-short:
	$(GO) test -short ./...

vet:
	$(GO) vet ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# fuzz: a short run of every fuzz target; FUZZTIME=10m for a longer one.
FUZZTIME ?= 30s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done
