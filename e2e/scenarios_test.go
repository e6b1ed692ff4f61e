package e2e

import (
	"testing"
)

const (
	unstable = "nixos-unstable"
	stable   = "nixos-23.11"
)

// releases at epoch 0 on both channels, newer ones at epochs 1 and 2.
var std = []release{
	rel("main", unstable, 0), rel("main", stable, 0),
	rel("main", unstable, 1), rel("main", stable, 1),
	rel("main", unstable, 2),
}

func leaf(name string, epoch int, locked bool, ins ...input) flakeSpec {
	return flakeSpec{Name: name, Epoch: epoch, Locked: locked, Inputs: ins}
}

func root(ins ...input) flakeSpec { return flakeSpec{Epoch: 2, Inputs: ins} }

func withOverrides(f flakeSpec, os ...override) flakeSpec {
	f.Overrides = append(f.Overrides, os...)
	return f
}

// scenarios are named universes, each for one trap of the policy or of how
// Nix locks (docs/lock-format.md).
var scenarios = []struct {
	name string
	spec spec
}{
	{"two-deps-direct-urls", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 1, false, np("nixpkgs", "main", stable)),
		},
		Root: root(dep("a"), dep("b"), np("nixpkgs", "main", unstable)),
	}},
	{"indirect-registry-refs", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("a", 0, true, ind("nixpkgs", unstable)),
			leaf("b", 1, true, ind("nixpkgs", stable)),
			leaf("c", 1, false, ind("nixpkgs", "")),
		},
		Root: root(ind("nixpkgs", unstable), dep("a"), dep("b"), dep("c")),
	}},
	{"indirect-root-direct-deps", spec{Releases: append(append([]release{}, std...), rel("other", stable, 0)),
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 1, true, np("nixpkgs", "other", stable)),
		},
		Root: root(dep("a"), dep("b"), ind("nixpkgs", unstable)),
	}},
	{"other-input-names", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("a", 0, true, np("pkgs", "main", unstable), ind("nixpkgs-stable", stable)),
			leaf("b", 1, false, np("np", "main", stable)),
		},
		Root: root(dep("a"), dep("b"), np("nixpkgs", "main", unstable)),
	}},
	{"root-pkgs-only", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 1, true, np("nixpkgs", "main", stable)),
		},
		Root: root(dep("a"), np("pkgs", "main", stable), dep("b")),
	}},
	{"flake-false-nixpkgs", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("a", 0, true, noflake("nixpkgs-src", "main", unstable), np("nixpkgs", "main", unstable)),
			leaf("b", 1, false, noflake("nixpkgs", "main", stable)),
		},
		Root: root(dep("a"), dep("b"), np("nixpkgs", "main", unstable)),
	}},
	{"root-flake-false-source", spec{Releases: std,
		Deps: []flakeSpec{leaf("a", 0, true, np("nixpkgs", "main", unstable))},
		Root: root(noflake("nixpkgs-src", "main", stable), dep("a"), np("nixpkgs", "main", unstable)),
	}},
	{"pinned-rev", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("a", 1, true, pinned("nixpkgs", "main", stable)),
			leaf("b", 1, true, np("nixpkgs", "main", stable), pinned("nixpkgs-regression", "main", unstable)),
		},
		Root: root(dep("a"), dep("b"), np("nixpkgs", "main", unstable)),
	}},
	{"fork-is-not-nixpkgs", spec{Releases: append(append([]release{}, std...), rel("fork", unstable, 0)),
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "fork", unstable)),
			leaf("b", 0, true, np("nixpkgs", "main", unstable), np("nixpkgs-fork", "fork", unstable)),
		},
		Root: root(dep("a"), dep("b"), np("nixpkgs", "main", unstable)),
	}},
	{"root-follows-partly-present", spec{Releases: std, Style: styleRec,
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 1, true, np("nixpkgs", "main", stable)),
			leaf("c", 1, false, np("pkgs", "main", stable)),
		},
		Root: withOverrides(root(dep("a"), dep("b"), dep("c"), np("nixpkgs", "main", unstable)),
			override{"a/nixpkgs", "nixpkgs"}),
	}},
	{"already-unified", spec{Releases: std, Style: styleNested,
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 1, true, np("nixpkgs", "main", stable)),
		},
		Root: withOverrides(root(dep("a"), dep("b"), np("nixpkgs", "main", unstable)),
			override{"a/nixpkgs", "nixpkgs"}, override{"b/nixpkgs", "nixpkgs"}),
	}},
	{"dep-declares-own-follows", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("c", 0, true, np("nixpkgs", "main", stable)),
			withOverrides(leaf("a", 1, true, dep("c"), np("nixpkgs", "main", unstable)), override{"c/nixpkgs", "nixpkgs"}),
		},
		Root: root(dep("a"), np("nixpkgs", "main", unstable)),
	}},
	{"depth-3", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("c", 0, true, np("nixpkgs", "main", stable)),
			leaf("a", 1, true, dep("c"), np("nixpkgs", "main", unstable)),
		},
		Root: root(dep("a"), np("nixpkgs", "main", unstable)),
	}},
	{"depth-4-no-intermediate-nixpkgs", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("d", 0, true, np("nixpkgs", "main", stable)),
			leaf("c", 0, true, dep("d")),
			leaf("b", 1, false, dep("c"), ind("nixpkgs", unstable)),
			leaf("a", 1, true, dep("b")),
		},
		Root: root(dep("a"), np("nixpkgs", "main", unstable)),
	}},
	{"diamond-shared-dependency", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("c", 0, true, np("nixpkgs", "main", stable)),
			leaf("a", 1, true, dep("c"), np("nixpkgs", "main", unstable)),
			leaf("b", 1, false, dep("c"), np("pkgs", "main", stable)),
		},
		Root: root(dep("a"), dep("b"), np("nixpkgs", "main", unstable)),
	}},
	{"root-follows-shares-intermediate", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("c", 0, true, np("nixpkgs", "main", stable)),
			leaf("a", 1, true, dep("c")),
			leaf("b", 1, true, dep("c"), np("nixpkgs", "main", stable)),
		},
		Root: withOverrides(root(dep("a"), dep("b"), np("nixpkgs", "main", unstable)),
			override{"b/c", "a/c"}),
	}},
	{"root-without-nixpkgs", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 2, false, np("nixpkgs", "main", unstable)),
			leaf("c", 1, true, np("nixpkgs", "main", stable)),
		},
		Root: root(dep("a"), dep("b"), dep("c")),
	}},
	{"root-without-nixpkgs-newest-deep", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("c", 2, true, np("nixpkgs", "main", unstable)),
			leaf("a", 2, true, dep("c"), np("nixpkgs", "main", stable)),
			leaf("b", 0, true, np("nixpkgs", "main", unstable)),
		},
		Root: root(dep("a"), dep("b")),
	}},
	{"root-nixpkgs-follows-dependency", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("a", 1, true, np("nixpkgs", "main", unstable)),
			leaf("b", 0, true, np("nixpkgs", "main", stable)),
		},
		Root: root(dep("a"), dep("b"), follows("nixpkgs", "a/nixpkgs")),
	}},
	{"stable-and-unstable-on-purpose", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 1, true, np("nixpkgs", "main", stable)),
		},
		Root: root(ind("nixpkgs", unstable), np("nixpkgs-stable", "main", stable), dep("a"), dep("b")),
	}},
	{"per-branch", spec{Releases: append(append([]release{}, std...), rel("main", "master", 0)), Opts: options{PerBranch: true},
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 1, true, np("nixpkgs", "main", stable)),
			leaf("c", 0, true, np("nixpkgs", "main", stable)),
			leaf("m1", 0, true, np("nixpkgs", "main", "master")),
			leaf("m2", 1, false, np("pkgs", "main", "master")),
		},
		Root: root(ind("nixpkgs", unstable), np("nixpkgs-stable", "main", stable), dep("a"), dep("b"), dep("c"), dep("m1"), dep("m2")),
	}},
	{"to-stable", spec{Releases: std, Opts: options{To: "nixpkgs-stable"},
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 1, true, np("nixpkgs", "main", stable)),
		},
		Root: root(np("nixpkgs", "main", unstable), np("nixpkgs-stable", "main", stable), dep("a"), dep("b")),
	}},
	{"keep", spec{Releases: std, Opts: options{Keep: []string{"b", "a/old"}},
		Deps: []flakeSpec{
			leaf("c", 0, true, np("nixpkgs", "main", stable)),
			leaf("a", 0, true, np("nixpkgs", "main", unstable), np("old", "main", stable)),
			leaf("b", 1, true, dep("c"), np("nixpkgs", "main", stable)),
		},
		Root: root(dep("a"), dep("b"), np("nixpkgs", "main", unstable)),
	}},
	{"root-nixpkgs-implicit-from-outputs-formals", spec{Releases: append(append([]release{}, std...), rel("main", "master", 1)),
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 1, true, ind("nixpkgs", stable)),
		},
		Root: root(dep("a"), dep("b"), implicit("nixpkgs")),
	}},
	{"root-pinned-nixpkgs-is-the-target", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 2, false, np("nixpkgs", "main", unstable)),
		},
		Root: root(dep("a"), dep("b"), pinned("nixpkgs", "main", stable)),
	}},
	{"user-follows-to-stable-stays", spec{Releases: std, Style: styleBlocks,
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 1, true, np("nixpkgs", "main", stable)),
			leaf("c", 1, true, np("nixpkgs", "main", stable)),
		},
		Root: withOverrides(root(dep("a"), dep("b"), dep("c"), np("nixpkgs", "main", unstable), np("nixpkgs-stable", "main", stable)),
			override{"b/nixpkgs", "nixpkgs-stable"}),
	}},
	{"dep-input-follows-its-other-input", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", stable), follows("nixpkgs-unstable", "nixpkgs")),
			leaf("b", 1, false, np("pkgs", "main", unstable), follows("nixpkgs", "pkgs")),
		},
		Root: root(dep("a"), dep("b"), np("nixpkgs", "main", unstable)),
	}},
	{"newest-target-behind-a-shared-intermediate", spec{Releases: std,
		Deps: []flakeSpec{
			leaf("c", 0, false, np("nixpkgs", "main", unstable)),
			leaf("a", 2, true, dep("c")),
			leaf("b", 2, true, dep("c"), np("nixpkgs", "main", stable)),
		},
		Root: withOverrides(root(dep("a"), dep("b")), override{"a/c", "b/c"}),
	}},
	{"per-branch-default-branch", spec{Releases: append(append([]release{}, std...), rel("main", "master", 0), rel("main", "master", 1)),
		Opts: options{PerBranch: true},
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", "")),
			leaf("b", 1, true, np("nixpkgs", "main", "master")),
			leaf("c", 0, true, ind("nixpkgs", "")),
			leaf("d", 0, true, np("nixpkgs", "main", stable)),
		},
		Root: root(np("nixpkgs", "main", unstable), dep("a"), dep("b"), dep("c"), dep("d")),
	}},
}

func init() {
	// one universe per root flake.nix style, with follows present and a
	// flake = false input, so the patch meets every layout
	for st := range numStyles {
		scenarios = append(scenarios, struct {
			name string
			spec spec
		}{"style-" + st.String(), spec{Releases: std, Style: st,
			Deps: []flakeSpec{
				leaf("a", 0, true, np("nixpkgs", "main", unstable)),
				leaf("b", 1, true, np("nixpkgs", "main", stable), np("pkgs", "main", unstable)),
				leaf("tool-c", 1, false, ind("nixpkgs", stable)),
			},
			Root: withOverrides(root(dep("a"), noflake("src", "main", stable), dep("b"), ind("nixpkgs", unstable), dep("tool-c")),
				override{"b/pkgs", "nixpkgs"}),
		}})
	}
}

// shortScenarios are the ones -short runs: one per main trap.
var shortScenarios = map[string]bool{
	"two-deps-direct-urls": true, "indirect-registry-refs": true, "flake-false-nixpkgs": true,
	"depth-3": true, "root-without-nixpkgs": true, "root-nixpkgs-follows-dependency": true,
	"stable-and-unstable-on-purpose": true, "style-nested": true, "style-crlf": true,
}

func TestScenarios(t *testing.T) {
	for _, sc := range scenarios {
		if testing.Short() && !shortScenarios[sc.name] {
			continue
		}
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			judgeSpec(t, &sc.spec, subject())
		})
	}
}
