// Package e2e is flake-unify's end-to-end suite on real Nix. Its tests (in
// the _test.go files; this package has no other code) generate universes of
// local git flakes — dependencies with committed locks pinning older stand-in
// nixpkgs revisions, 3–4 levels deep, nixpkgs under other input names,
// flake = false sources, follows already partly present, indirect
// nixpkgs/<branch> references through a local registry — lock them with Nix,
// run `flake-unify apply --no-commit`, and let Nix judge the result:
//
//	(a) `nix flake lock`, run on the original lock with the patched flake.nix,
//	    writes exactly the lock flake-unify wrote;
//	(b) `nix flake lock --no-update-lock-file` accepts it;
//	(c) the nixpkgs copies left are exactly what the policy says, and
//	    evaluating every dependency shows which nixpkgs it really sees;
//	(d) `nix flake update` (after upstream moved on) keeps it unified;
//	(e) a second apply changes nothing.
//
// Named scenarios live in scenarios_test.go, random topologies in
// random_test.go (seeded: -e2e.seed N or E2E_SEED=N reproduces one,
// -e2e.seeds N runs seeds 1..N). Every case runs under each available Nix
// (Debian's 2.8 on PATH, a current one in FLAKE_UNIFY_NIX_NEW), see
// internal/nixtest, with the matching --nix-version. -short runs a subset.
//
// The binary is built once from ./cmd/flake-unify in TestMain (-e2e.bin PATH
// or E2E_BIN uses a prebuilt one). -e2e.unifier reference (E2E_UNIFIER)
// judges the hand-made reference unifier instead; the judge itself is
// validated against the reference and deliberately broken unifiers in
// judge_self_test.go.
package e2e
