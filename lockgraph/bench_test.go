package lockgraph

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
)

// largestCorpusLock is the corpus lock with the most nodes (424).
func largestCorpusLock(b *testing.B) []byte {
	data, err := os.ReadFile(filepath.Join(corpus.Dir(b), "locks", "input-output-hk__cardano-world.flake.lock"))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// generatedLock writes a Nix-shaped lock with about n nodes: root inputs
// that each have their own nixpkgs, a utility flake and a follows, nested a
// few levels, the way large NixOS configurations look.
func generatedLock(n int) []byte {
	l := &Lock{Version: 7, Root: "root", Nodes: map[string]*Node{}}
	count := 0
	gh := func(owner, repo string, i int) (Attrs, Attrs) {
		orig := Attrs{}.Set("owner", StringValue(owner)).Set("repo", StringValue(repo)).Set("type", StringValue("github"))
		locked := orig.Clone().
			Set("lastModified", UintValue(1700000000+uint64(i))).
			Set("narHash", StringValue(fmt.Sprintf("sha256-%043d=", i))).
			Set("rev", StringValue(fmt.Sprintf("%040x", i)))
		return orig, locked
	}
	add := func(key, owner, repo string) *Node {
		count++
		o, lk := gh(owner, repo, count)
		nd := &Node{Key: key, Original: o, Locked: lk}
		l.Nodes[key] = nd
		return nd
	}
	root := &Node{Key: "root"}
	l.Nodes["root"] = root
	var grow func(parent *Node, depth int)
	grow = func(parent *Node, depth int) {
		np := add(fmt.Sprintf("nixpkgs_%d", count+2), "NixOS", "nixpkgs")
		parent.setInput(Input{Name: "nixpkgs", Node: np.Key})
		utils := add(fmt.Sprintf("flake-utils_%d", count+2), "numtide", "flake-utils")
		parent.setInput(Input{Name: "flake-utils", Node: utils.Key})
		parent.setInput(Input{Name: "systems", Follows: Path{"systems"}, IsFollows: true})
		if depth < 3 {
			for j := 0; j < 2; j++ {
				child := add(fmt.Sprintf("dep%d_%d", depth, count+2), "example", fmt.Sprintf("dep%d", count))
				parent.setInput(Input{Name: fmt.Sprintf("dep%d", j), Node: child.Key})
				grow(child, depth+1)
			}
		}
	}
	sys := add("systems", "nix-systems", "default")
	root.setInput(Input{Name: "systems", Node: sys.Key})
	for i := 0; count < n; i++ {
		in := add(fmt.Sprintf("input%d", i), "example", fmt.Sprintf("input%d", i))
		root.setInput(Input{Name: fmt.Sprintf("input%d", i), Node: in.Key})
		grow(in, 1)
	}
	c, err := l.Canonical()
	if err != nil {
		panic(err)
	}
	out, err := c.Encode()
	if err != nil {
		panic(err)
	}
	return out
}

// benchInputs makes each input only when its benchmark runs, so a profile
// of the corpus lock alone does not carry the cost of generating 50k nodes.
func benchInputs(b *testing.B) map[string]func() []byte {
	return map[string]func() []byte{
		"corpus-424":    func() []byte { return largestCorpusLock(b) },
		"generated-5k":  func() []byte { return generatedLock(5000) },
		"generated-50k": func() []byte { return generatedLock(50000) },
	}
}

func forEachInput(b *testing.B, fn func(b *testing.B, data []byte)) {
	inputs := benchInputs(b)
	for _, name := range []string{"corpus-424", "generated-5k", "generated-50k"} {
		b.Run(name, func(b *testing.B) {
			data := inputs[name]()
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			fn(b, data)
		})
	}
}

func BenchmarkParse(b *testing.B) {
	forEachInput(b, func(b *testing.B, data []byte) {
		for b.Loop() {
			if _, err := Parse("flake.lock", data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkClassify is Check + Copies: what `check` does after parsing.
func BenchmarkClassify(b *testing.B) {
	forEachInput(b, func(b *testing.B, data []byte) {
		l, err := Parse("flake.lock", data)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := l.Check(); err != nil {
				b.Fatal(err)
			}
			if _, err := l.Copies(Classifier{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkRekeyWrite(b *testing.B) {
	forEachInput(b, func(b *testing.B, data []byte) {
		l, err := Parse("flake.lock", data)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			c, err := l.Canonical()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := c.Encode(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The generator makes what Nix would write: sanity for the benchmark input.
func TestGeneratedLockIsCanonical(t *testing.T) {
	data := generatedLock(2000)
	l, err := Parse("gen", data)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Check(); err != nil {
		t.Fatal(err)
	}
	if got := rewrite(t, l); string(got) != string(data) {
		t.Fatal("generated lock is not canonical")
	}
	if len(l.Nodes) < 2000 {
		t.Fatalf("%d nodes", len(l.Nodes))
	}
}
