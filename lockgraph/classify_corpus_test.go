package lockgraph

import (
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
)

// The nixpkgs count of every corpus lock agrees with MANIFEST.tsv's
// nixpkgs_like_nodes (which counts NixOS/nixpkgs in every form and leaves out
// forks, nixpkgs.lib and derivatives, as Classify does).
func TestCorpusNixpkgsCount(t *testing.T) {
	for _, c := range corpus.Locks(t) {
		if c.Version < 5 {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			l, err := Parse(c.Name, c.Data)
			if err != nil {
				t.Fatal(err)
			}
			copies, err := l.Copies(Classifier{})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, cp := range copies {
				if cp.Source.Class == Nixpkgs {
					n++
				}
			}
			if n != c.NixpkgsLikeNodes {
				for _, cp := range copies {
					t.Logf("%s %s %s %v", cp.Key, cp.Source.Class, cp.Source.Why, FlakeURL(cp.Node.Original))
				}
				t.Errorf("%d nixpkgs nodes, manifest says %d (%v)", n, c.NixpkgsLikeNodes, c.Notes)
			}
		})
	}
}
