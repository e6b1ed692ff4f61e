package e2e

import "testing"

const (
	unstable = "nixos-unstable"
	stable   = "nixos-23.11"
)

// scenarios are named universes, each for one trap of the design or the spec.
var scenarios = []struct {
	name string
	spec spec
}{
	{"two-deps-direct-urls", spec{
		Releases: []release{rel("main", unstable, 0), rel("main", unstable, 1), rel("main", stable, 0)},
		Deps: []flakeSpec{
			{Name: "a", Epoch: 0, Locked: true, Inputs: []input{np("nixpkgs", "main", unstable)}},
			{Name: "b", Epoch: 1, Inputs: []input{np("nixpkgs", "main", stable)}},
		},
		Root: flakeSpec{Epoch: 1, Inputs: []input{dep("a"), dep("b"), np("nixpkgs", "main", unstable)}},
	}},
}

func TestScenarios(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			judgeSpec(t, &sc.spec, subject())
		})
	}
}
