package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/unify"
)

// TestCheckPlanParity: over every readable corpus lock (default policy,
// --lock-only), check exits 1 exactly when plan has work, and 0 after
// apply --lock-only --no-commit. A CI gate that stays red after the fix,
// or green while plan has changes, would be deleted from CI.
func TestCheckPlanParity(t *testing.T) {
	var locks, work, clean int
	for _, c := range corpus.Locks(t) {
		if c.Version < 5 {
			continue
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "flake.lock"), c.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := unify.Make(unify.Files{LockName: "flake.lock", Lock: c.Data}, unify.Options{LockOnly: true})
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		locks++
		var out, errb bytes.Buffer
		code := run([]string{"check", "-C", dir, "--lock-only"}, &out, &errb)
		want := 0
		if !p.Nothing() {
			want = 1
			work++
		}
		if code != want {
			t.Errorf("%s: check exits %d, plan has work: %v\n%s%s", c.Name, code, !p.Nothing(), out.String(), errb.String())
			continue
		}
		if code := run([]string{"apply", "-C", dir, "--lock-only", "--no-commit"}, &out, &errb); code != 0 {
			t.Errorf("%s: apply exits %d\n%s", c.Name, code, errb.String())
			continue
		}
		out.Reset()
		if code := run([]string{"check", "-C", dir, "--lock-only"}, &out, &errb); code != 0 {
			t.Errorf("%s: check after apply exits %d\n%s", c.Name, code, out.String())
			continue
		}
		clean++
	}
	t.Logf("%d locks: plan has work on %d; check agrees on all, and passes after apply on %d", locks, work, clean)
	if locks < 100 {
		t.Errorf("only %d readable corpus locks", locks)
	}
}
