package lockgraph

import (
	"errors"
	"fmt"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
)

// ResolveError is returned when an input path cannot be resolved.
type ResolveError struct {
	Path   Path   // the path being resolved
	At     Path   // the prefix at which resolution failed
	Reason string // e.g. `node "a" has no input "nope"`
	Cycle  []Path // for a follows cycle: the follows edges in the order met, first repeated at the end
}

func (e *ResolveError) Error() string {
	if len(e.Cycle) == 0 && e.At.Equal(e.Path) {
		return fmt.Sprintf("input %s does not exist: %s", quotePath(e.Path), e.Reason)
	}
	return fmt.Sprintf("input %s: %s", quotePath(e.Path), e.Why())
}

// Why says what went wrong without naming the path being resolved.
func (e *ResolveError) Why() string {
	if len(e.Cycle) > 0 {
		parts := make([]string, len(e.Cycle))
		for i, p := range e.Cycle {
			parts[i] = quotePath(p)
		}
		return "follows cycle: " + strings.Join(parts, " -> ")
	}
	return fmt.Sprintf("%s does not exist: %s", quotePath(e.At), e.Reason)
}

func quotePath(p Path) string { return "'" + p.String() + "'" }

// Resolve returns the key of the node an input path leads to, following
// follows edges wherever they are met, as Nix (≥ 2.18) does when it checks
// and evaluates a lock. The empty path is the root.
func (l *Lock) Resolve(path Path) (string, error) {
	r := resolver{l: l, top: path}
	return r.resolve(path)
}

type resolver struct {
	l     *Lock
	top   Path
	chain []Path        // follows edges being expanded, outermost first
	stack []followsEdge // the same edges
	// edges holds stack as a set once it is long; short chains (nearly
	// all) are searched directly, so a resolve allocates no map.
	edges map[followsEdge]struct{}
}

type followsEdge struct{ node, input string }

// longChain is the chain length from which the edges being expanded are
// kept as a set too.
const longChain = 16

// expanding reports whether e is being expanded: a cycle.
func (r *resolver) expanding(e followsEdge) bool {
	if r.edges != nil {
		_, ok := r.edges[e]
		return ok
	}
	for _, x := range r.stack {
		if x == e {
			return true
		}
	}
	return false
}

func (r *resolver) push(e followsEdge, at Path) {
	r.chain = append(r.chain, at)
	r.stack = append(r.stack, e)
	switch {
	case r.edges != nil:
		r.edges[e] = struct{}{}
	case len(r.stack) > longChain:
		r.edges = make(map[followsEdge]struct{}, 2*len(r.stack))
		for _, x := range r.stack {
			r.edges[x] = struct{}{}
		}
	}
}

func (r *resolver) pop() {
	e := r.stack[len(r.stack)-1]
	r.chain, r.stack = r.chain[:len(r.chain)-1], r.stack[:len(r.stack)-1]
	if r.edges != nil {
		delete(r.edges, e)
	}
}

func (r *resolver) resolve(path Path) (string, error) {
	key := r.l.Root
	for i, name := range path {
		n := r.l.Nodes[key]
		in := n.Input(name)
		if in == nil {
			what := fmt.Sprintf("node %q has no input %q", key, name)
			if i == 0 {
				what = fmt.Sprintf("the root has no input %q", name)
			}
			return "", &ResolveError{Path: r.top, At: path[:i+1], Reason: what}
		}
		if !in.IsFollows {
			key = in.Node
			continue
		}
		at := path[:i+1]
		e := followsEdge{key, name}
		if r.expanding(e) {
			cycle := append(append([]Path{}, r.chain...), at)
			return "", &ResolveError{Path: r.top, At: at, Cycle: cycle}
		}
		r.push(e, at)
		k, err := r.resolve(in.Follows)
		r.pop()
		if err != nil {
			return "", err
		}
		key = k
	}
	return key, nil
}

// Target returns the key of the node the edge in, met at path during a
// Walk, leads to: its node, or, for a follows, where the follows resolves.
func (l *Lock) Target(path Path, in *Input) (string, error) {
	if in.IsFollows {
		return l.Resolve(path)
	}
	return in.Node, nil
}

// target is Target for an input met by walk, which came to node fromKey
// by string edges alone: path's prefix leads there, so only the last edge
// is resolved (Resolve(path) would walk the prefix again, with the same
// answer and the same errors). One resolver serves a whole walk: its
// buffers are reused from one follows to the next.
func (r *resolver) target(path Path, fromKey string, in *Input) (string, error) {
	if !in.IsFollows {
		return in.Node, nil
	}
	r.top = path
	r.chain, r.stack, r.edges = r.chain[:0], r.stack[:0], nil
	r.push(followsEdge{fromKey, in.Name}, path)
	return r.resolve(in.Follows)
}

// Targets calls fn with the key of the node each input reached from the
// root leads to (what Target answers for every input Walk meets), in walk
// order: a node reached by several inputs is named each time. It is the
// cheap way to visit what a lock's inputs reach: no path is kept.
func (l *Lock) Targets(fn func(key string)) error {
	r := resolver{l: l}
	return l.walk(func(path Path, fromKey string, _ *Node, in *Input) error {
		key, err := r.target(path, fromKey, in)
		if err != nil {
			return err
		}
		fn(key)
		return nil
	}, false)
}

// Walk calls fn for every input of every node reached through string edges
// from the root, depth first, inputs in byte order (the order in which Nix
// names nodes). path is the input's own path. A node shared by several
// edges is walked once per path, as Nix sees it. Returning an error stops
// the walk.
func (l *Lock) Walk(fn func(path Path, from *Node, in *Input) error) error {
	return l.walk(func(path Path, _ string, from *Node, in *Input) error { return fn(path, from, in) }, true)
}

// walk is Walk; when keep is false, the paths fn gets are valid only
// during the call (one buffer serves them all), for the walks in this
// package that keep no path or copy the few they keep.
//
// fn gets the key of from as well, for target.
func (l *Lock) walk(fn func(path Path, fromKey string, from *Node, in *Input) error, keep bool) error {
	visited := 0
	// With keep, every input gets a path of its own, which fn may keep:
	// they are carved out of shared blocks (capacity = length, so
	// appending to one copies it) rather than allocated one by one.
	var block paths
	// Without keep: the walk is depth first, so the path of the input
	// being visited is always the front of one buffer, its prefix the
	// parent's path already there.
	var buf []string
	child := func(prefix Path, name string) Path {
		n := len(prefix) + 1
		if !keep {
			buf = append(buf[:n-1], name)
			return Path(buf[:n:n])
		}
		return block.child(prefix, name)
	}
	var walk func(prefix Path, key string, n *Node) error
	walk = func(prefix Path, key string, n *Node) error {
		for i := range n.Inputs {
			in := &n.Inputs[i]
			p := child(prefix, in.Name)
			if err := fn(p, key, n, in); err != nil {
				return err
			}
			if in.IsFollows {
				continue
			}
			if visited++; visited > MaxNodes {
				return fmt.Errorf("lock file un-shares into more than %d nodes", MaxNodes)
			}
			if err := walk(p, in.Node, l.Nodes[in.Node]); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(Path{}, l.Root, l.RootNode())
}

// Check verifies every follows edge reachable from the root: its target must
// exist and must not lead into a cycle. Parse does not do this (Nix's reader
// does not either); run it before relying on Resolve.
func (l *Lock) Check() error {
	r := resolver{l: l}
	return l.walk(func(path Path, fromKey string, _ *Node, in *Input) error {
		if !in.IsFollows {
			return nil
		}
		if _, err := r.target(path, fromKey, in); err != nil {
			why := err.Error()
			var re *ResolveError
			if errors.As(err, &re) {
				why = re.Why()
			}
			return &diag.Error{File: l.Name, Pos: in.Pos,
				What: fmt.Sprintf("broken follows %s -> %s", quotePath(path), quotePath(in.Follows)),
				Why:  why, Hint: hintRelock}
		}
		return nil
	}, false)
}

// paths hands out paths carved from shared blocks (capacity = length, so
// appending to one copies it) rather than allocated one by one.
type paths []string

// child is a new path: prefix, then name.
func (b *paths) child(prefix Path, name string) Path {
	n := len(prefix) + 1
	if len(*b)+n > cap(*b) {
		// Blocks double from 64 names to 512: a walk that keeps a few
		// paths does not pay for a large block it leaves empty.
		*b = make([]string, 0, max(min(512, 2*cap(*b)), 64, n))
	}
	i := len(*b)
	*b = append(append(*b, prefix...), name)
	return Path((*b)[i : i+n : i+n])
}

// clone is a copy of p.
func (b *paths) clone(p Path) Path {
	if len(p) == 0 {
		return Path{}
	}
	return b.child(p[:len(p)-1], p[len(p)-1])
}
