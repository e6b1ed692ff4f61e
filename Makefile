# flake-unify — the commands a developer and CI run.
GO ?= go

.PHONY: all build demo test test-short bench fuzz vet man vendor-hash

all: build

# build: flake-unify and, beside it, flake-unify-full (which runs apply, pr,
# completion and man for it), as go install ./cmd/... installs them.
build:
	$(GO) build -o bin/ ./cmd/...

# man: the manual page, rendered from the command model (read it with man -l bin/flake-unify.1).
man: build
	./bin/flake-unify man > bin/flake-unify.1

# vendor-hash: check nix/package.nix's vendorHash against go.sum; a failure names the new value.
vendor-hash:
	$(GO) test -count=1 -run TestVendorHash ./nix

# demo: the main job on the embedded example flake (testdata/demo), in a scratch copy.
demo: build
	@./scripts/demo.sh ./bin/flake-unify

# test: every test, including the ones that run real Nix and git (they fail, not
# skip, under CI=true when Nix is missing). The second, current Nix is taken from
# FLAKE_UNIFY_NIX_NEW, or from the cache .ci/nix-unstable.sh fills when it was run once.
NIX_NEW_CACHED := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/flake-unify/nix-sid/bin/nix
FLAKE_UNIFY_NIX_NEW ?= $(wildcard $(NIX_NEW_CACHED))
# The forge tests' Gitea: FLAKE_UNIFY_GITEA, or the build .ci/gitea.sh caches.
GITEA_CACHED := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/flake-unify/gitea-1.26.1/gitea
FLAKE_UNIFY_GITEA ?= $(wildcard $(GITEA_CACHED))
test: vet
	FLAKE_UNIFY_NIX_NEW='$(FLAKE_UNIFY_NIX_NEW)' FLAKE_UNIFY_GITEA='$(FLAKE_UNIFY_GITEA)' $(GO) test -count=1 -timeout 60m ./...

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

# bench-eval: peak memory and time of `nix eval` before and after `flake-unify apply` on
# generated flakes (README "The saving, measured"), under each available Nix.
.PHONY: bench-eval
BENCH_EVAL = FLAKE_UNIFY_NIX_NEW='$(FLAKE_UNIFY_NIX_NEW)' $(GO) test -run '^$$' -bench Eval -benchtime 3x -timeout 60m ./internal/evalbench -args
bench-eval:
	$(BENCH_EVAL) -evalbench.nix=oldest
	if [ -n '$(FLAKE_UNIFY_NIX_NEW)' ]; then $(BENCH_EVAL) -evalbench.nix=newest; fi

# bench-process: whole `flake-unify` processes on the corpus's largest lock against the
# yardsticks in bench/ (paired runs, page faults, init, allocations); README "Speed".
# PAIRS=101 for a longer run.
.PHONY: bench-process
PAIRS ?= 41
bench-process:
	cd bench && $(GO) vet ./... && $(GO) test ./... && $(GO) run ./process -repo .. -pairs $(PAIRS)
