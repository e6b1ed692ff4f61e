package planview

import (
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/unify"
)

// BenchmarkPlanWithDiff: planning the largest corpus lock (424 nodes, 97
// nixpkgs copies) and the unified diff of its lock.
func BenchmarkPlanWithDiff(b *testing.B) {
	var files unify.Files
	for _, c := range corpus.Locks(b) {
		if c.Name == "input-output-hk__cardano-world" {
			files = unify.Files{LockName: "flake.lock", Lock: c.Data}
		}
	}
	if files.Lock == nil {
		b.Fatal("corpus has no input-output-hk__cardano-world")
	}
	b.ReportAllocs()
	for b.Loop() {
		p, err := unify.Make(files, unify.Options{LockOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		Diff(p)
	}
}
