package e2e

import (
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// judgeSpec builds the universe of s under every available Nix, runs u and
// reports every problem the judge finds.
func judgeSpec(t *testing.T, s *spec, u unifier) {
	t.Helper()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		w := build(t, nix, s)
		v := w.judge(u)
		for _, p := range v.problems {
			t.Error(p)
		}
		if t.Failed() {
			t.Logf("universe:\n%s", s.describe())
			if w.planOut != "" {
				t.Logf("plan --json said:\n%s", w.planOut)
			}
		}
	})
}

// Shorthands for writing specs.
func np(name, repo, branch string) input {
	return input{Name: name, NP: &npRef{Repo: repo, Branch: branch}}
}
func ind(name, branch string) input {
	return input{Name: name, NP: &npRef{Repo: "main", Branch: branch, Indirect: true}}
}
func pinned(name, repo, branch string) input {
	return input{Name: name, NP: &npRef{Repo: repo, Branch: branch, Pin: true}}
}
func noflake(name, repo, branch string) input {
	return input{Name: name, NP: &npRef{Repo: repo, Branch: branch, NoFlake: true}}
}
func dep(name string) input             { return input{Name: name, Dep: name} }
func follows(name, target string) input { return input{Name: name, Follows: target} }
func rel(repo, branch string, epoch int) release {
	return release{Repo: repo, Branch: branch, Epoch: epoch}
}

// implicit is the root's nixpkgs named only in the outputs' formals.
func implicit(name string) input {
	return input{Name: name, NP: &npRef{Repo: "main", Indirect: true}, Implicit: true}
}
