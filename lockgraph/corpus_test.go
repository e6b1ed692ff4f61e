package lockgraph

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/internal/corpus"
)

// Every v5–v7 corpus lock parses; the v7 ones (written by Nix) encode back
// to their exact bytes; Canonical is the identity on them unless the file
// holds what Nix's writer never produces (unreachable or shared nodes).
func TestCorpusRoundTrip(t *testing.T) {
	for _, c := range corpus.Locks(t) {
		t.Run(c.Name, func(t *testing.T) {
			l, err := Parse(c.Name+".flake.lock", c.Data)
			if c.Version < 5 {
				var de *diag.Error
				if !errors.As(err, &de) || !strings.Contains(err.Error(), "unsupported lock version") || de.Hint == "" || !de.Pos.IsValid() {
					t.Fatalf("v%d lock: got %v, want a positioned unsupported-version error with a hint", c.Version, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := l.Check(); err != nil {
				t.Fatal(err)
			}
			if l.Version != c.Version || len(l.Nodes) != c.NodeCount {
				t.Errorf("version %d, %d nodes; manifest says %d, %d", l.Version, len(l.Nodes), c.Version, c.NodeCount)
			}
			out, err := l.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if c.Version == 7 && !bytes.Equal(out, c.Data) {
				t.Fatalf("Encode is not byte-identical:\n%s", firstDiff(c.Data, out))
			}
			if c.Version < 7 {
				again, err := Parse("re-encoded", out)
				if err != nil {
					t.Fatalf("re-encoded v%d lock does not parse: %v", c.Version, err)
				}
				if again.Version != 7 || len(again.Nodes) != len(l.Nodes) {
					t.Fatalf("re-encoded v%d lock: version %d, %d nodes", c.Version, again.Version, len(again.Nodes))
				}
			}

			canon, err := l.Canonical()
			if err != nil {
				t.Fatal(err)
			}
			cout, err := canon.Encode()
			if err != nil {
				t.Fatal(err)
			}
			shared := sharedNodes(l)
			switch {
			case c.Version == 7 && c.UnreachableNodes == 0 && shared == 0:
				if !bytes.Equal(cout, c.Data) {
					t.Fatalf("Canonical is not the identity:\n%s", firstDiff(c.Data, cout))
				}
			default:
				// Not Nix's own naming (older writer, garbage or shared
				// nodes): Canonical must be a fixed point and keep every
				// reachable input path.
				again, err := canon.Canonical()
				if err != nil {
					t.Fatal(err)
				}
				aout, _ := again.Encode()
				if !bytes.Equal(aout, cout) {
					t.Fatalf("Canonical is not idempotent:\n%s", firstDiff(cout, aout))
				}
				if got, want := len(canon.Nodes), treeSize(l); got != want {
					t.Errorf("Canonical has %d nodes, want %d (one per string-edge path)", got, want)
				}
				t.Logf("v%d, %d unreachable, %d shared: re-keyed to %d nodes", c.Version, c.UnreachableNodes, shared, len(canon.Nodes))
			}
		})
	}
}

// sharedNodes counts nodes that more than one string edge of a reachable
// node points at.
func sharedNodes(l *Lock) int {
	refs := map[string]int{}
	seen := map[string]bool{}
	var visit func(n *Node)
	visit = func(n *Node) {
		if seen[n.Key] {
			return
		}
		seen[n.Key] = true
		for _, in := range n.Inputs {
			if !in.IsFollows {
				refs[in.Node]++
				visit(l.Nodes[in.Node])
			}
		}
	}
	visit(l.RootNode())
	shared := 0
	for _, r := range refs {
		if r > 1 {
			shared++
		}
	}
	return shared
}

func treeSize(l *Lock) int {
	n := 1
	l.Walk(func(_ Path, _ *Node, in *Input) error {
		if !in.IsFollows {
			n++
		}
		return nil
	})
	return n
}

func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d", i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(lengths differ)"
}
