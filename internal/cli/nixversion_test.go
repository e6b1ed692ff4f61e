package cli

import (
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/flake-unify/flake-unify/internal/testenv"
	"github.com/flake-unify/flake-unify/unify"
)

// TestRunnerNixSaysWhose: without nix-version in the policy the bot plans
// for the Nix on its runner, and a copy kept for depth says that it is the
// runner's Nix and how to name the users' one. Uses the real nix on PATH.
func TestRunnerNixSaysWhose(t *testing.T) {
	testenv.Need(t, "nix")
	v := RunnerNix()
	if !v.Known() || !strings.Contains(v.Source, "the bot runner's nix --version") || !strings.Contains(v.Source, "nix-version in flake-unify.toml") {
		t.Fatalf("RunnerNix = %+v", v)
	}
	ar, err := txtar.ParseFile("../../testdata/script/plan.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files := unify.Files{LockName: "flake.lock", FlakeName: "flake.nix"}
	for _, f := range ar.Files {
		switch f.Name {
		case "flake.nix":
			files.Flake = f.Data
		case "flake.lock":
			files.Lock = f.Data
		}
	}
	// Pretend the runner is old, whatever nix is installed: the wording is
	// what is checked; the version itself came from the real nix above.
	old := v
	old.Major, old.Minor = 2, 8
	p, err := unify.Make(files, unify.Options{Nix: func() unify.NixVersion { return old }})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range p.Kept {
		if k.Reason == unify.KeepDepth {
			if !strings.Contains(k.Why, "this is Nix 2.8 (the bot runner's nix --version; set nix-version in flake-unify.toml") {
				t.Errorf("depth reason: %s", k.Why)
			}
			return
		}
	}
	t.Fatalf("no copy kept for depth: %+v", p.Kept)
}
