package lockgraph

import (
	"fmt"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
)

// followsChain is a root whose inputs f1 … fn each follow the next, the
// last following node leaf (or, with loop k > 0, fk again).
func followsChain(n, loop int) *Lock {
	root := &Node{Key: "root"}
	for i := 1; i <= n; i++ {
		next := Path{fmt.Sprintf("f%03d", i+1)}
		if i == n {
			next = Path{"leaf"}
			if loop > 0 {
				next = Path{fmt.Sprintf("f%03d", loop)}
			}
		}
		root.setInput(Input{Name: fmt.Sprintf("f%03d", i), Follows: next, IsFollows: true})
	}
	root.setInput(Input{Name: "leaf", Node: "leaf"})
	return &Lock{Version: 7, Root: "root", Nodes: map[string]*Node{"root": root, "leaf": {Key: "leaf"}}}
}

// Chains of follows shorter and longer than the length at which the
// resolver starts keeping a set resolve to their end, and a loop is
// reported with every edge in order, however long.
func TestResolveFollowsChains(t *testing.T) {
	for _, n := range []int{1, longChain - 1, longChain, longChain + 1, 3 * longChain} {
		if key, err := followsChain(n, 0).Resolve(Path{"f001"}); err != nil || key != "leaf" {
			t.Errorf("chain of %d: %q, %v; want leaf", n, key, err)
		}
		// Back to the first edge, and to one met after the chain grew long.
		for _, k := range []int{1, max(1, n-1)} {
			_, err := followsChain(n, k).Resolve(Path{"f001"})
			re, ok := err.(*ResolveError)
			if !ok || len(re.Cycle) != n+1 {
				t.Errorf("loop of %d back to f%03d: %v, want a cycle of %d edges", n, k, err, n+1)
				continue
			}
			if want := fmt.Sprintf("'f%03d' -> 'f%03d'", n, k); !strings.HasSuffix(re.Why(), want) {
				t.Errorf("loop of %d: %s, want it to end %s", n, re.Why(), want)
			}
			if err := followsChain(n, k).Check(); err == nil {
				t.Errorf("loop of %d back to f%03d: Check passes", n, k)
			}
		}
	}
}

// An edge expanded once, in a long chain, and met again after that chain
// is done is no cycle: f001 … f048 lead to leaf, whose input b follows
// f001/z, back through the same chain.
func TestResolveChainTwice(t *testing.T) {
	n := 3 * longChain
	l := followsChain(n, 0)
	l.Nodes["leaf"].setInput(Input{Name: "b", Follows: Path{"f001", "z"}, IsFollows: true})
	l.Nodes["leaf"].setInput(Input{Name: "z", Node: "z"})
	l.Nodes["z"] = &Node{Key: "z"}
	if key, err := l.Resolve(Path{"f001", "b"}); err != nil || key != "z" {
		t.Errorf("f001/b: %q, %v; want z", key, err)
	}
}

// Targets names, input by input, what Target answers during a Walk: on
// every corpus lock, and on chains of follows short and long met one
// after the other (one resolver serves a whole walk), and it stops with
// an error where Target fails.
func TestTargetsIsTargetOfEveryInput(t *testing.T) {
	viaWalk := func(l *Lock) ([]string, error) {
		var keys []string
		err := l.Walk(func(path Path, _ *Node, in *Input) error {
			k, err := l.Target(path, in)
			keys = append(keys, k)
			return err
		})
		return keys, err
	}
	check := func(name string, l *Lock) {
		want, werr := viaWalk(l)
		var got []string
		gerr := l.Targets(func(k string) { got = append(got, k) })
		if werr != nil {
			want = want[:len(want)-1] // the failing input is not named
		}
		if (gerr == nil) != (werr == nil) || strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: Targets %v, %v; Walk and Target %v, %v", name, got, gerr, want, werr)
		}
	}
	for _, c := range corpus.Locks(t) {
		if l, err := Parse(c.Name, c.Data); err == nil && l.Check() == nil {
			check(c.Name, l)
		}
	}
	for _, n := range []int{1, longChain, longChain + 1, 3 * longChain} {
		l := followsChain(n, 0)
		l.Nodes["leaf"].setInput(Input{Name: "b", Follows: Path{"f001", "z"}, IsFollows: true})
		l.Nodes["leaf"].setInput(Input{Name: "z", Node: "z"})
		l.Nodes["z"] = &Node{Key: "z"}
		check(fmt.Sprintf("chain of %d, twice", n), l)
		check(fmt.Sprintf("loop of %d", n), followsChain(n, 1))
	}
}

// Node.Input finds every input of nodes with a few and with many inputs
// (looked at one by one, or bisected), and nothing for a name that sorts
// before, between or after them.
func TestNodeInput(t *testing.T) {
	for k := 0; k <= 40; k++ {
		n := &Node{}
		for i := range k {
			n.setInput(Input{Name: fmt.Sprintf("in%03d", 2*i+1), Node: fmt.Sprint(i)})
		}
		for i := range 2*k + 2 {
			name := fmt.Sprintf("in%03d", i)
			in := n.Input(name)
			if want := i%2 == 1 && i < 2*k; (in != nil) != want || in != nil && in.Name != name {
				t.Fatalf("%d inputs: Input(%q) = %+v, want found %v", k, name, in, want)
			}
		}
		if n.Input("") != nil || n.Input("z") != nil {
			t.Fatalf("%d inputs: found an input by an absent name", k)
		}
	}
}
