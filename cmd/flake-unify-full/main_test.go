package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/flake-unify/flake-unify/nixstore"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"flake-unify": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scripts in testdata/script (txtar).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") == "1",
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"store-put": storePut},
	})
}

// storePut is `store-put NARHASH [FILE]`: it makes the source with that
// narHash present in the store NIX_STORE_DIR names (as Nix's fetch would
// leave it), with FILE as its flake.nix. The path is the one nixstore
// computes, which the nixstore and e2e tests check against real Nix.
func storePut(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: store-put NARHASH [FILE]")
	}
	s := nixstore.FromEnv(ts.Getenv)
	p, err := s.SourcePath(args[0])
	ts.Check(err)
	ts.Check(os.MkdirAll(s.Real(p), 0o755))
	if len(args) == 2 {
		ts.Check(os.WriteFile(filepath.Join(s.Real(p), "flake.nix"), []byte(ts.ReadFile(args[1])), 0o644))
	}
}
