package lockgraph

import (
	"reflect"
	"regexp"
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

// Copies answers what a plain walk does (each input's Target classified,
// first-met order, every path kept) on every corpus lock, read and
// canonical, with and without a Match.
func TestCorpusCopiesAsAWalkFindsThem(t *testing.T) {
	walked := func(l *Lock, c Classifier) []Copy {
		var out []Copy
		at := map[string]int{}
		err := l.Walk(func(path Path, _ *Node, in *Input) error {
			key, err := l.Target(path, in)
			if err != nil {
				return err
			}
			if key == l.Root {
				return nil
			}
			i, ok := at[key]
			if !ok {
				i = -1
				if src := c.Classify(l.Nodes[key]); src.Class != Other {
					i = len(out)
					out = append(out, newCopy(l.Nodes[key], src))
				}
				at[key] = i
			}
			if i >= 0 {
				out[i].Paths = append(out[i].Paths, path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, c := range corpus.Locks(t) {
		l, err := Parse(c.Name, c.Data)
		if err != nil || l.Check() != nil {
			continue
		}
		canon, err := l.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range []*Lock{l, canon} {
			for _, cl := range []Classifier{{}, {Match: regexp.MustCompile(`flake-utils|nixpkgs`)}} {
				got, err := l.Copies(cl)
				if want := walked(l, cl); err != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: Copies %v\n%+v\nwant %+v", c.Name, err, got, want)
				}
			}
		}
	}
}

// sourceFields reads what Attrs.Str reads, key by key: on every attribute
// list of the corpus, and on lists with a key twice or a value that is
// not a string.
func TestSourceFieldsAsStr(t *testing.T) {
	lists := []Attrs{
		{{Key: "owner", Value: Value{Kind: String, Str: "NixOS"}}, {Key: "owner", Value: Value{Kind: String, Str: "jane"}}, {Key: "repo", Value: Value{Kind: String, Str: "nixpkgs"}}, {Key: "type", Value: Value{Kind: String, Str: "github"}}},
		{{Key: "id", Value: Value{Kind: Uint, Uint: 3}}, {Key: "id", Value: Value{Kind: String, Str: "nixpkgs"}}, {Key: "type", Value: Value{Kind: String, Str: "indirect"}}},
		{{Key: "host", Value: Value{Kind: Bool, Bool: true}}, {Key: "type", Value: Value{Kind: String, Str: "github"}}, {Key: "url", Value: Value{Kind: String, Str: "x"}}},
		nil,
	}
	for _, c := range corpus.Locks(t) {
		l, err := Parse(c.Name, c.Data)
		if err != nil {
			continue // v3/v4
		}
		for _, n := range l.Nodes {
			lists = append(lists, n.Original, n.Locked)
		}
	}
	for _, a := range lists {
		want := fields{a.Str("type"), a.Str("id"), a.Str("host"), a.Str("owner"), a.Str("repo"), a.Str("url")}
		if got := sourceFields(a); got != want {
			t.Fatalf("sourceFields(%v) = %+v, Str says %+v", a, got, want)
		}
	}
	if len(lists) < 1000 {
		t.Fatalf("only %d attribute lists", len(lists))
	}
}
