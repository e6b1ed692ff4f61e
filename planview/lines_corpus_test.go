package planview

import (
	"bytes"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/unify"
)

// TestReleaseLinesCorpus: over every readable corpus lock (default policy,
// --lock-only), every redirect whose release line the root has goes to the
// root's input on that line, and every redirect that crosses lines says so
// in plan's summary and in the redirect lines of commits and pull requests.
func TestReleaseLinesCorpus(t *testing.T) {
	var onRootLine, crossings, locks int
	for _, c := range corpus.Locks(t) {
		if c.Version < 5 {
			continue
		}
		p, err := unify.Make(unify.Files{LockName: "flake.lock", Lock: c.Data}, unify.Options{LockOnly: true})
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		locks++
		// The lines the root has: its own flake inputs of NixOS/nixpkgs.
		rootLines := map[string]bool{}
		rootNode := func(n *unify.NodeInfo) {
			if n.Class != lockgraph.Nixpkgs || n.NotFlake || n.Line == "" {
				return
			}
			for _, p := range n.Paths {
				if len(p) == 1 {
					rootLines[n.Line] = true
				}
			}
		}
		for i := range p.Kept {
			if p.Kept[i].Reason == unify.KeepRoot {
				rootNode(&p.Kept[i].NodeInfo)
			}
		}
		for i := range p.Targets {
			rootNode(&p.Targets[i].NodeInfo)
		}
		var text bytes.Buffer
		if err := Summary(&text, p); err != nil {
			t.Fatal(err)
		}
		lines := strings.Join(RedirectLines(p), "\n")
		for i := range p.Redirects {
			r := &p.Redirects[i]
			if rootLines[r.Line] {
				onRootLine++
				if r.TargetLine != r.Line {
					t.Errorf("%s: %s (line %s) follows %s on line %q, but the root has an input on %s", c.Name, r.Path, r.Line, r.Target, r.TargetLine, r.Line)
				}
			}
			if r.Line == "" || r.TargetLine == "" || r.Line == r.TargetLine {
				continue
			}
			crossings++
			want := r.Path.String() + " .* → " + r.Target.String() + " (crosses release line " + r.Line + " → " + r.TargetLine + ")"
			if r.Crossing() == "" || !containsLine(text.String(), r.Path.String(), "crosses release line "+r.Line+" → "+r.TargetLine) ||
				!containsLine(lines, r.Path.String(), "crosses release line "+r.Line+" → "+r.TargetLine) {
				t.Errorf("%s: the crossing of %s is not announced (want %q)", c.Name, r.Path, want)
			}
		}
	}
	t.Logf("%d locks: %d redirects whose line the root has, all to that line; %d crossings, all announced", locks, onRootLine, crossings)
	if onRootLine == 0 || crossings == 0 {
		t.Errorf("the corpus no longer exercises release lines")
	}
}

// containsLine reports whether some line of text starts with the
// (indented) path and holds want.
func containsLine(text, path, want string) bool {
	for l := range strings.Lines(text) {
		if strings.HasPrefix(strings.TrimSpace(l), path+" ") && strings.Contains(l, want) {
			return true
		}
	}
	return false
}
