package prbody

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/nixstore"
	"github.com/flake-unify/flake-unify/unify"
	"github.com/flake-unify/flake-unify/verify"
)

// dirStore answers the planner from a real nixstore.Store below a
// directory of the test's own (the paths it names stay /nix/store/…).
type dirStore struct {
	s nixstore.Store
	l *lockgraph.Lock
}

func (d dirStore) CachesOf(p lockgraph.Path) nixstore.Caches {
	return d.s.CachesOf(context.Background(), d.l, p, nil)
}
func (d dirStore) InStore(n *lockgraph.Node) bool { return d.s.Source(n).InStore }
func (d dirStore) ToFetch(l *lockgraph.Lock) (int, int, error) {
	return d.s.ToFetch(l)
}

// demoWithStore plans the demo flake with a store that holds devshell
// (whose flake.nix names a cache of its own) and sops-nix (none), not
// home-manager.
func demoWithStore(t *testing.T) *unify.Plan {
	lock := readFile(t, "../testdata/demo/flake.lock")
	l, err := lockgraph.Parse("flake.lock", lock)
	if err != nil {
		t.Fatal(err)
	}
	st := dirStore{s: nixstore.Store{Dir: nixstore.DefaultDir, Root: t.TempDir()}, l: l}
	put := func(key, flakeNix string) {
		p, err := st.s.SourcePath(l.Nodes[key].Locked.Str("narHash"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(st.s.Real(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(st.s.Real(p), "flake.nix"), []byte(flakeNix), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put("devshell", "{\n  nixConfig.extra-substituters = [ \"https://numtide.cachix.org\" ];\n  outputs = _: { };\n}\n")
	put("sops-nix", "{ outputs = _: { }; }\n")
	return mustPlan(t, unify.Files{Lock: lock, Flake: readFile(t, "../testdata/demo/flake.nix")}, unify.Options{Store: st})
}

// demoMeasurement is a measurement as `--measure` reports it.
func demoMeasurement() string {
	const MiB = 1 << 20
	m := &verify.Measurement{NixpkgsBefore: 4, NixpkgsAfter: 2, Attrs: []verify.AttrCost{
		{Attr: "nixosConfigurations.laptop.config.system.build.toplevel.drvPath",
			Before: verify.Cost{Runs: 3, PeakRSS: 1210 * MiB, Allocated: 1630 * MiB, Wall: 9120 * time.Millisecond},
			After:  verify.Cost{Runs: 3, PeakRSS: 790 * MiB, Allocated: 980 * MiB, Wall: 6010 * time.Millisecond}},
	}}
	return m.Markdown()
}
