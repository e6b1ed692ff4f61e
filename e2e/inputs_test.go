package e2e

// Unifying inputs other than nixpkgs (apply --input / --all), judged by
// real Nix under every available version: universes where several
// dependencies bring their own copies of flake-utils-, systems- and
// home-manager-like flakes (local git flakes released at different dates),
// one of them nested (a dependency of a dependency) and at depth 3.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/internal/nixtest"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// inputsWorld is one universe: the root flake, its base lock and the
// dates of the releases.
type inputsWorld struct {
	t    *testing.T
	nix  *nixtest.Nix
	u    *nixtest.Universe
	root string
}

// leafText is a flake without inputs whose output names its release.
func leafText(name string, when time.Time) string {
	return fmt.Sprintf("{\n  description = %q;\n  outputs = { self }: { marker = \"%s@%s\"; };\n}\n", name, name, when.Format("2006-01-02"))
}

// release commits a new revision of the leaf flake name, dated when.
func (w *inputsWorld) release(name string, when time.Time) {
	dir := w.u.Dir(name)
	w.u.WriteFile(dir, "flake.nix", leafText(name, when))
	w.u.CommitAt(dir, when)
}

// dep creates a flake with the given inputs (name → flake name in the
// universe), locks it with Nix at the current heads and commits the lock
// dated when.
func (w *inputsWorld) dep(name string, when time.Time, inputs ...string) {
	var b strings.Builder
	fmt.Fprintf(&b, "{\n  description = %q;\n", name)
	for _, in := range inputs {
		fmt.Fprintf(&b, "  inputs.%s.url = \"{{%s}}\";\n", in, in)
	}
	b.WriteString("  outputs = { self, ... }: { };\n}\n")
	dir, _ := w.u.Flake(name, b.String())
	w.nix.Lock(w.t, dir)
	w.u.CommitAt(dir, when)
}

// relock locks an existing dependency again at the current heads and
// commits, dated when (a newer revision of it).
func (w *inputsWorld) relock(name string, when time.Time) {
	dir := w.u.Dir(name)
	w.nix.MustRun(w.t, dir, "flake", "update")
	w.u.CommitAt(dir, when)
}

func (w *inputsWorld) tool(args ...string) string {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bin, err := toolBinary()
	if err != nil {
		w.t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = w.root
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		w.t.Fatalf("flake-unify %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// counts returns the number of nodes per identity of the lock: nixpkgs
// stand-ins (by --match) under "nixpkgs", every other source under its
// SourceID with the universe root cut off.
func (w *inputsWorld) counts(lock []byte) map[string]int {
	w.t.Helper()
	l, err := lockgraph.Parse("flake.lock", lock)
	if err != nil {
		w.t.Fatal(err)
	}
	c := lockgraph.Classifier{Match: regexp.MustCompile(inputsMatch)}
	copies, err := l.Copies(c)
	if err != nil {
		w.t.Fatal(err)
	}
	out := map[string]int{}
	for _, cp := range copies {
		if cp.Source.Class == lockgraph.Nixpkgs {
			out["nixpkgs"]++
		}
	}
	groups, err := l.Groups(c)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, g := range groups {
		out[filepath.Base(g.ID.Repo)] = len(g.Copies)
	}
	return out
}

const inputsMatch = `/nixpkgs$`

// judge runs apply with args and checks (a)–(e); want are the node counts
// per identity after apply.
func (w *inputsWorld) judge(args []string, want map[string]int) {
	t, u, nix := w.t, w.u, w.nix
	base := nix.Lock(t, w.root)
	u.Commit(w.root)
	flags := append([]string{"apply", "--no-commit", "--nix-version", fmt.Sprintf("%d.%d", nix.Major, nix.Minor), "--match", inputsMatch}, args...)
	out := w.tool(flags...)
	t.Logf("apply:\n%s", out)
	ours := u.ReadFile(w.root, "flake.lock")
	flake := u.ReadFile(w.root, "flake.nix")
	if bytes.Equal(ours, base) {
		t.Fatalf("apply changed nothing:\n%s", out)
	}
	// (a) Nix, given our flake.nix and the original lock, writes our lock.
	u.SetLock(w.root, base)
	got := nix.Lock(t, w.root)
	nixtest.SameBytes(t, "(a) lock Nix writes for the patched flake.nix", got, ours)
	u.Commit(w.root)
	// (b) Nix accepts our lock as it is.
	if err := nix.UpToDate(t, w.root); err != nil {
		t.Errorf("(b) nix flake lock --no-update-lock-file refuses our lock: %v", err)
	}
	// (c) The copies left per identity.
	counts := w.counts(ours)
	for id, n := range want {
		if counts[id] != n {
			t.Errorf("(c) %s: %d nodes after apply, want %d (all: %v)", id, counts[id], n, counts)
		}
	}
	// (e) A second apply finds nothing to do.
	again := w.tool(flags...)
	if !strings.HasPrefix(again, "nothing to do") {
		t.Errorf("(e) second apply:\n%s", again)
	}
	if !bytes.Equal(u.ReadFile(w.root, "flake.lock"), ours) || !bytes.Equal(u.ReadFile(w.root, "flake.nix"), flake) {
		t.Errorf("(e) second apply changed the files")
	}
	// (d) Upstream moves on; nix flake update keeps every identity unified.
	for _, leaf := range []string{"utils", "systems", "nixpkgs"} {
		if u.Exists(u.Root, leaf) {
			w.release(leaf, nixtest.Date(2024, 6, 1))
		}
	}
	updated := nix.Update(t, w.root)
	if c := w.counts(updated); fmt.Sprint(c) != fmt.Sprint(counts) {
		t.Errorf("(d) after nix flake update: %v, want %v", c, counts)
	}
}

func newInputsWorld(t *testing.T, nix *nixtest.Nix) *inputsWorld {
	w := &inputsWorld{t: t, nix: nix, u: nixtest.NewUniverse(t)}
	for _, leaf := range []string{"utils", "systems"} {
		w.u.Flake(leaf, leafText(leaf, nixtest.BaseTime))
	}
	return w
}

// Three dependencies with their own utils and systems, locked at different
// times; c brings utils through d (c/d/utils, depth 3). The root has its
// own utils (the target) but no systems (the newest copy is).
func TestInputsSeveralDependencies(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		w := newInputsWorld(t, nix)
		w.release("utils", nixtest.Date(2023, 1, 1))
		w.release("systems", nixtest.Date(2023, 1, 1))
		w.dep("a", nixtest.Date(2023, 1, 2), "utils", "systems")
		w.dep("d", nixtest.Date(2023, 1, 2), "utils")
		w.dep("c", nixtest.Date(2023, 1, 3), "d")
		w.release("utils", nixtest.Date(2023, 6, 1))
		w.release("systems", nixtest.Date(2023, 6, 1))
		w.dep("b", nixtest.Date(2023, 6, 2), "utils", "systems")
		w.release("utils", nixtest.Date(2024, 1, 1))
		w.root, _ = w.u.Flake("root", `{
  inputs.a.url = "{{a}}";
  inputs.b.url = "{{b}}";
  inputs.c.url = "{{c}}";
  inputs.utils.url = "{{utils}}";
  outputs = { self, ... }: { };
}`)
		want := map[string]int{"utils": 1, "systems": 1}
		if !nix.AtLeast(2, 30) {
			want["utils"] = 2 // c/d/utils needs a three-level declaration
		}
		w.judge([]string{"--input", "utils", "--input", "b/systems"}, want)
	})
}

// A home-manager-like flake hm with its own nixpkgs and utils, pinned at two
// revisions by a and b; the root has nixpkgs and utils but no hm. --all
// makes a/hm follow b/hm (the newer), which removes a/hm's nixpkgs and
// utils with it; b/hm's are three levels deep.
func TestInputsNestedAll(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		w := newInputsWorld(t, nix)
		np := w.u.Nixpkgs("nixpkgs")
		np.Release("master", nixtest.Date(2023, 1, 1))
		w.release("utils", nixtest.Date(2023, 1, 1))
		w.dep("hm", nixtest.Date(2023, 1, 2), "nixpkgs", "utils")
		w.dep("a", nixtest.Date(2023, 1, 3), "hm")
		np.Release("master", nixtest.Date(2023, 6, 1))
		w.release("utils", nixtest.Date(2023, 6, 1))
		w.relock("hm", nixtest.Date(2023, 6, 2))
		w.dep("b", nixtest.Date(2023, 6, 3), "hm", "utils")
		np.Release("master", nixtest.Date(2024, 1, 1))
		w.root, _ = w.u.Flake("root", `{
  inputs = {
    a.url = "{{a}}";
    b.url = "{{b}}";
    nixpkgs.url = "{{nixpkgs}}";
    utils.url = "{{utils}}";
  };
  outputs = { self, ... }: { };
}`)
		want := map[string]int{"nixpkgs": 1, "utils": 1, "hm": 1}
		if !nix.AtLeast(2, 30) {
			want["nixpkgs"], want["utils"] = 2, 2 // b/hm/nixpkgs, b/hm/utils
		}
		w.judge([]string{"--all"}, want)
	})
}
