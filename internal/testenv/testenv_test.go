package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that notes how the test ended instead of ending
// it (the real Fatal and Skip stop the goroutine).
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()           {}
func (r *recorder) Fatal(args ...any) { r.fatal = args[0].(string) }
func (r *recorder) Skip(args ...any)  { r.skip = args[0].(string) }

func TestMissingFailsOnlyUnderCI(t *testing.T) {
	t.Setenv("CI", "true")
	var r recorder
	Missing(&r, "%s is not installed", "git")
	if r.fatal != "git is not installed (CI=true requires it)" || r.skip != "" {
		t.Errorf("CI=true: fatal %q, skip %q", r.fatal, r.skip)
	}

	t.Setenv("CI", "")
	r = recorder{}
	Missing(&r, "no %s", "corpus")
	if r.skip != "no corpus" || r.fatal != "" {
		t.Errorf("without CI: fatal %q, skip %q", r.fatal, r.skip)
	}
}

func TestNeedFindsOrEnds(t *testing.T) {
	t.Setenv("CI", "true")
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	var r recorder
	if p := Need(&r, "flake-unify-no-such-tool"); p != "" || r.fatal == "" {
		t.Errorf("missing tool: path %q, fatal %q", p, r.fatal)
	}
	tool := filepath.Join(dir, "flake-unify-tool")
	if err := os.WriteFile(tool, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r = recorder{}
	if p := Need(&r, "flake-unify-tool"); p != tool || r.fatal != "" || r.skip != "" {
		t.Errorf("present tool: path %q, fatal %q, skip %q", p, r.fatal, r.skip)
	}
}
