// Package evalbench measures what unifying nixpkgs saves at evaluation time.
//
// It generates flakes with N dependencies that each lock their own revision
// of a local nixpkgs stand-in whose package set costs real evaluator memory,
// evaluates them with real Nix (peak RSS from the child's rusage, wall and
// CPU time), unifies them with the flake-unify binary, and evaluates again.
//
// Two dependency styles are generated because they behave differently: a
// dependency that reads nixpkgs.legacyPackages.${system}
// shares the package set of a shared node, so unifying saves memory; one
// that calls `import nixpkgs { … }` builds its own package set whatever the
// node, so unifying saves downloads and store paths but not memory.
//
// The package is only used by its own test and benchmark (BenchmarkEval,
// `make bench-eval`); it takes a testing.TB because it is built on nixtest.
package evalbench
