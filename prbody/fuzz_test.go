package prbody

import (
	"errors"
	"slices"
	"testing"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/unify"
)

// FuzzBody fits the demo flake's plan, with a random flake.nix before and
// after, a random input name in its first redirect and in a warning, into a
// random limit: the body stays within the limit and well formed, or Body
// refuses with a diag.Error because the essentials do not fit. Seeds are in
// testdata/fuzz/FuzzBody.
func FuzzBody(f *testing.F) {
	base := mustPlan(f, unify.Files{Lock: readFile(f, "../testdata/demo/flake.lock"), Flake: readFile(f, "../testdata/demo/flake.nix")}, unify.Options{})
	f.Fuzz(func(t *testing.T, oldFlake, newFlake []byte, name string, limit int) {
		p := *base
		p.Files.Flake, p.NewFlake = oldFlake, newFlake
		p.Redirects = slices.Clone(base.Redirects)
		p.Redirects[0].Path = lockgraph.Path{name, "nixpkgs"}
		p.Warnings = []string{name}
		limit = 1 + (limit%70000+70000)%70000
		body, err := Body(&p, Options{Limit: limit, Base: name})
		if err != nil {
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Fatalf("limit %d: %v is not a diag.Error", limit, err)
			}
			return
		}
		if err := checkBody(body, limit); err != nil {
			t.Fatalf("limit %d: %v\n%s", limit, err, body)
		}
		if again, _ := Body(&p, Options{Limit: limit, Base: name}); again != body {
			t.Fatalf("limit %d: two renderings differ", limit)
		}
	})
}
