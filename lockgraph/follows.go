package lockgraph

import (
	"fmt"
)

// SetFollows makes the input at path follow target — the effect Nix gives a
// root flake.nix declaration inputs.<p1>.inputs.<p2>….follows = "<target>":
// the edge becomes the follows path, stored verbatim (chains are not
// resolved); nothing is fetched; the subtree the edge led to becomes garbage,
// which Canonical drops. An empty target is the root flake itself.
//
// The input must exist and every step before it must be a string edge to a
// node that no other edge shares (Canonical un-shares). Afterwards every
// follows in the lock must still resolve — redirecting an edge can break
// another follows that led through it — or l is left unchanged and the
// error says why (a missing target, a follows cycle).
func (l *Lock) SetFollows(path, target Path) error {
	in, err := l.edge(path)
	if err != nil {
		return err
	}
	old := *in
	*in = Input{Name: old.Name, Follows: append(Path{}, target...), IsFollows: true}
	if _, err := l.Resolve(path); err != nil {
		*in = old
		return fmt.Errorf("cannot make %s follow %s: %w", quotePath(path), quotePath(target), err)
	}
	if err := l.Check(); err != nil {
		*in = old
		return fmt.Errorf("cannot make %s follow %s: it breaks another follows: %w", quotePath(path), quotePath(target), err)
	}
	return nil
}

// edge finds the input at path through string edges only.
func (l *Lock) edge(path Path) (*Input, error) {
	if len(path) == 0 {
		return nil, fmt.Errorf("the root itself has no edge to change")
	}
	n := l.RootNode()
	for i, name := range path[:len(path)-1] {
		in := n.Input(name)
		switch {
		case in == nil:
			return nil, &ResolveError{Path: path, At: path[:i+1], Reason: fmt.Sprintf("node %q has no input %q", n.Key, name)}
		case in.IsFollows:
			return nil, fmt.Errorf("cannot change %s: %s is a follows of %s, so its inputs are those of the node it follows",
				quotePath(path), quotePath(path[:i+1]), quotePath(in.Follows))
		}
		n = l.Nodes[in.Node]
	}
	if refs := l.refCount(n.Key); refs > 1 {
		return nil, fmt.Errorf("cannot change %s: node %q is shared by %d edges (use Canonical first)", quotePath(path), n.Key, refs)
	}
	in := n.Input(path[len(path)-1])
	if in == nil {
		return nil, &ResolveError{Path: path, At: path, Reason: fmt.Sprintf("node %q has no input %q", n.Key, path[len(path)-1])}
	}
	return in, nil
}

// refCount counts the string edges into key from nodes reachable from the root.
func (l *Lock) refCount(key string) int {
	refs := 0
	seen := map[string]bool{}
	var visit func(n *Node)
	visit = func(n *Node) {
		if seen[n.Key] {
			return
		}
		seen[n.Key] = true
		for _, in := range n.Inputs {
			if in.IsFollows {
				continue
			}
			if in.Node == key {
				refs++
			}
			visit(l.Nodes[in.Node])
		}
	}
	visit(l.RootNode())
	return refs
}

// LiteralPath reports whether p can be reached with every step but the last
// being a string edge. Nix before 2.18 accepts only such paths as follows
// targets ("follows a non-existent input" otherwise).
func (l *Lock) LiteralPath(p Path) bool {
	n := l.RootNode()
	for i, name := range p {
		in := n.Input(name)
		if in == nil {
			return false
		}
		if in.IsFollows {
			return i == len(p)-1
		}
		n = l.Nodes[in.Node]
	}
	return true
}
