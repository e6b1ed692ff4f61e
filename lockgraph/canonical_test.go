package lockgraph

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
)

// lockOf builds a lock from a tree spec: "name(child child(grandchild))".
// Every node is a path: input whose path is its position, so nodes differ.
func lockOf(t *testing.T, tree string) *Lock {
	t.Helper()
	l := &Lock{Version: 7, Root: "rootkey", Nodes: map[string]*Node{}}
	n := 0
	var parse func(s string, path string) (*Node, string)
	parse = func(s, path string) (*Node, string) {
		n++
		node := &Node{Key: fmt.Sprintf("k%d", n)}
		if path != "" {
			a := Attrs{{Key: "path", Value: StringValue("/" + path)}, {Key: "type", Value: StringValue("path")}}
			node.Original, node.Locked = a, a.Clone()
		}
		l.Nodes[node.Key] = node
		for {
			s = strings.TrimLeft(s, " ")
			if s == "" || s[0] == ')' {
				return node, s
			}
			end := strings.IndexAny(s, " ()")
			if end < 0 {
				end = len(s)
			}
			name := s[:end]
			s = s[end:]
			var child *Node
			if strings.HasPrefix(s, "(") {
				child, s = parse(s[1:], path+"/"+name)
				s = strings.TrimPrefix(s, ")")
			} else {
				child, _ = parse("", path+"/"+name)
			}
			node.setInput(Input{Name: name, Node: child.Key})
		}
	}
	root, _ := parse(tree, "")
	delete(l.Nodes, root.Key)
	root.Key = "rootkey"
	l.Nodes["rootkey"] = root
	return l
}

// keysByPath maps each input path of a canonical lock to its node key.
func keysByPath(t *testing.T, l *Lock) string {
	t.Helper()
	c, err := l.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	c.Walk(func(p Path, _ *Node, in *Input) error {
		parts = append(parts, p.String()+"="+in.Node)
		return nil
	})
	return strings.Join(parts, " ")
}

// The naming cases of docs/lock-format.md, as Nix 2.8 and 2.34 name them
// (internal/nixtest's TestFactNamingEdgeCases runs them on Nix).
func TestCanonicalNaming(t *testing.T) {
	for _, tc := range []struct{ name, tree, want string }{
		{"depth-first, the root's own input last",
			"a(nixpkgs) b(nixpkgs) nixpkgs",
			"a=a a/nixpkgs=nixpkgs b=b b/nixpkgs=nixpkgs_2 nixpkgs=nixpkgs_3"},
		{"suffixes skip literal keys",
			"a(nixpkgs) nixpkgs nixpkgs_2",
			"a=a a/nixpkgs=nixpkgs nixpkgs=nixpkgs_2 nixpkgs_2=nixpkgs_2_2"},
		{"upper case sorts first",
			"Z(nixpkgs) a(nixpkgs) nixpkgs",
			"Z=Z Z/nixpkgs=nixpkgs a=a a/nixpkgs=nixpkgs_2 nixpkgs=nixpkgs_3"},
		{"root is taken first",
			"root",
			"root=root_2"},
		{"- sorts before _",
			"a(nixpkgs) nixpkgs nixpkgs-unstable nixpkgs_x",
			"a=a a/nixpkgs=nixpkgs nixpkgs=nixpkgs_2 nixpkgs-unstable=nixpkgs-unstable nixpkgs_x=nixpkgs_x"},
		{"pre-order: a parent is named before its children, a subtree before the next sibling",
			"a(b(c(nixpkgs)) nixpkgs) c",
			"a=a a/b=b a/b/c=c a/b/c/nixpkgs=nixpkgs a/nixpkgs=nixpkgs_2 c=c_2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := keysByPath(t, lockOf(t, tc.tree)); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// A node shared by two string edges (v5/v6 style, or hand-edited) is
// un-shared, as Nix does on its next write.
func TestCanonicalUnshares(t *testing.T) {
	l := mustParse(t, `{"nodes": {
		"a": {"inputs": {"nixpkgs": "np"}, "locked": {"type": "path", "path": "/a"}, "original": {"type": "path", "path": "/a"}},
		"np": {"locked": {"type": "path", "path": "/n"}, "original": {"type": "path", "path": "/n"}},
		"garbage": {"locked": {"type": "path", "path": "/g"}, "original": {"type": "path", "path": "/g"}},
		"root": {"inputs": {"a": "a", "nixpkgs": "np"}}
	}, "root": "root", "version": 6}`)
	c, err := l.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(sortedKeys(c.Nodes), " "); got != "a nixpkgs nixpkgs_2 root" {
		t.Errorf("keys %s", got)
	}
	if c.Version != 7 || c.Root != "root" {
		t.Errorf("version %d root %q", c.Version, c.Root)
	}
}

func TestCanonicalRefusesExponentialSharing(t *testing.T) {
	// 30 levels of two edges to the same next node: 2^30 paths.
	var b strings.Builder
	b.WriteString(`{"nodes": {`)
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, `"n%d": {"inputs": {"x": "n%d", "y": "n%d"}, "locked": {"type": "path", "path": "/"}, "original": {"type": "path", "path": "/"}},`, i, i+1, i+1)
	}
	b.WriteString(`"n30": {"locked": {"type": "path", "path": "/"}, "original": {"type": "path", "path": "/"}}, "root": {"inputs": {"a": "n0"}}}, "root": "root", "version": 7}`)
	l := mustParse(t, b.String())
	if _, err := l.Canonical(); err == nil || !strings.Contains(err.Error(), "un-shares into more than") {
		t.Fatalf("Canonical = %v", err)
	}
}

// The canonical lock keeps its nodes' inputs in shared blocks and shares
// attribute lists with its source: growing one node's never reaches into
// another's, nor into the lock it was made from.
func TestCanonicalNodesIndependent(t *testing.T) {
	l := mustParse(t, `{"nodes": {
		"a": {"inputs": {"nixpkgs": "np"}, "locked": {"type": "path", "path": "/a"}, "original": {"type": "path", "path": "/a"}},
		"np": {"locked": {"type": "path", "path": "/n"}, "original": {"type": "path", "path": "/n"}},
		"root": {"inputs": {"a": "a", "nixpkgs": "np"}}
	}, "root": "root", "version": 7}`)
	before, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	c, err := l.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	grow := func(key string) {
		want := map[string]string{}
		for k, n := range c.Nodes {
			want[k] = fmt.Sprint(n.Inputs, n.Original, n.Locked)
		}
		n := c.Nodes[key]
		if n.Original != nil {
			n.Original = n.Original.Set("a-new", StringValue("x"))
			n.Locked = n.Locked.Set("path", StringValue("/changed")).Set("a-new", StringValue("x"))
		}
		n.setInput(Input{Name: "aaa", Follows: Path{"nixpkgs"}, IsFollows: true})
		n.setInput(Input{Name: "zzz", Follows: Path{"nixpkgs"}, IsFollows: true})
		for k, n := range c.Nodes {
			if k != key && fmt.Sprint(n.Inputs, n.Original, n.Locked) != want[k] {
				t.Errorf("node %s changed with node %s: %v %v %v", k, key, n.Inputs, n.Original, n.Locked)
			}
		}
	}
	grow("root") // its inputs come first in the block
	grow("a")
	after, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Errorf("the source lock changed with its canonical copy:\n%s", after)
	}
}

// Canonicalize leaves l equal to what Canonical returns for it, whether
// it re-keys l's own nodes (a tree) or copies them (shared nodes), and
// fails as Canonical does: on every corpus lock as read, on each after a
// redirect of every nixpkgs copy below the root to the root's nixpkgs
// (what a plan writes), and on the shared, cyclic and exponential locks
// of the tests above.
func TestCanonicalizeIsCanonical(t *testing.T) {
	same := func(name string, fresh func() *Lock) {
		t.Helper()
		want, werr := fresh().Canonical()
		l := fresh()
		if gerr := l.Canonicalize(); fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Fatalf("%s: Canonicalize: %v, Canonical: %v", name, gerr, werr)
		} else if werr == nil && !reflect.DeepEqual(l, want) {
			t.Fatalf("%s: Canonicalize and Canonical differ:\n%+v\n%+v", name, l, want)
		}
	}
	redirected := 0
	for _, c := range corpus.Locks(t) {
		parse := func() *Lock {
			l, err := Parse(c.Name, c.Data)
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		if _, err := Parse(c.Name, c.Data); err != nil || parse().Check() != nil {
			continue
		}
		same(c.Name, parse)
		// A plan's rewrite: each nixpkgs below a root input follows the
		// root's own, where that is allowed.
		if parse().RootNode().Input("nixpkgs") == nil {
			continue
		}
		edited := func() *Lock {
			l, err := parse().Canonical()
			if err != nil {
				t.Fatal(err)
			}
			copies, _ := l.Copies(Classifier{})
			for _, cp := range copies {
				if p := cp.Paths[0]; len(p) == 2 && p[1] == "nixpkgs" {
					l.SetFollows(p, Path{"nixpkgs"})
				}
			}
			return l
		}
		if e, _ := edited().Encode(); !bytes.Equal(e, c.Data) {
			redirected++
		}
		same(c.Name+" redirected", edited)
	}
	if redirected < 10 {
		t.Errorf("only %d corpus locks changed by the redirects", redirected)
	}
	unshares := func() *Lock {
		return mustParse(t, `{"nodes": {
			"a": {"inputs": {"nixpkgs": "np"}, "locked": {"type": "path", "path": "/a"}, "original": {"type": "path", "path": "/a"}},
			"np": {"locked": {"type": "path", "path": "/n"}, "original": {"type": "path", "path": "/n"}},
			"root": {"inputs": {"a": "a", "nixpkgs": "np"}}
		}, "root": "root", "version": 6}`)
	}
	same("shared", unshares)
	cycle := func() *Lock {
		l := unshares()
		l.Nodes["np"].setInput(Input{Name: "back", Node: "a"})
		return l
	}
	same("cycle", cycle)
	// Trees keyed otherwise than Nix keys them: a key that is not the
	// input's name, one after suffixes were given, a root of another key.
	same("renamed", func() *Lock {
		return mustParse(t, `{"nodes": {
			"x": {"inputs": {"nixpkgs": "y"}, "locked": {"type": "path", "path": "/a"}, "original": {"type": "path", "path": "/a"}},
			"y": {"locked": {"type": "path", "path": "/n"}, "original": {"type": "path", "path": "/n"}},
			"root": {"inputs": {"a": "x"}}
		}, "root": "root", "version": 7}`)
	})
	// (Named as Nix names them up to the root's own nixpkgs.)
	same("suffixes", func() *Lock {
		return mustParse(t, `{"nodes": {
			"a": {"inputs": {"nixpkgs": "nixpkgs"}, "locked": {"type": "path", "path": "/a"}, "original": {"type": "path", "path": "/a"}},
			"b": {"inputs": {"nixpkgs": "nixpkgs_2"}, "locked": {"type": "path", "path": "/b"}, "original": {"type": "path", "path": "/b"}},
			"nixpkgs": {"locked": {"type": "path", "path": "/n"}, "original": {"type": "path", "path": "/n"}},
			"nixpkgs_2": {"locked": {"type": "path", "path": "/m"}, "original": {"type": "path", "path": "/m"}},
			"np": {"locked": {"type": "path", "path": "/o"}, "original": {"type": "path", "path": "/o"}},
			"root": {"inputs": {"a": "a", "b": "b", "nixpkgs": "np"}}
		}, "root": "root", "version": 7}`)
	})
	same("root key", func() *Lock {
		return mustParse(t, `{"nodes": {
			"a": {"locked": {"type": "path", "path": "/a"}, "original": {"type": "path", "path": "/a"}},
			"top": {"inputs": {"a": "a"}}
		}, "root": "top", "version": 7}`)
	})
	var b strings.Builder
	b.WriteString(`{"nodes": {`)
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, `"n%d": {"inputs": {"x": "n%d", "y": "n%d"}, "locked": {"type": "path", "path": "/"}, "original": {"type": "path", "path": "/"}},`, i, i+1, i+1)
	}
	b.WriteString(`"n30": {"locked": {"type": "path", "path": "/"}, "original": {"type": "path", "path": "/"}}, "root": {"inputs": {"a": "n0"}}}, "root": "root", "version": 7}`)
	same("exponential", func() *Lock { return mustParse(t, b.String()) })
}
