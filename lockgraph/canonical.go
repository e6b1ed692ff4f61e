package lockgraph

import (
	"fmt"
	"strconv"

	"github.com/flake-unify/flake-unify/diag"
)

// MaxNodes bounds the size of the tree Canonical builds. A hand-made lock
// whose nodes are shared by many paths un-shares exponentially; Nix would
// try to build it all, flake-unify refuses.
const MaxNodes = 1 << 20

// Canonical returns the lock Nix would write for the same graph: one node per
// path of string edges (keys shared by several edges get un-shared), nodes not
// reachable from the root dropped, follows paths kept verbatim, and keys named
// the way Nix's LockFile::toJSON names them — a depth-first pre-order walk
// from the root, inputs in byte order, each node keyed by its input name with
// _2, _3, … appended on a clash, skipping every key already taken ("root" is
// taken first).
//
// The result shares no node, input list or path with l; the attribute lists
// (Original, Locked) are shared, which is safe because nothing changes one
// in place (Attrs.Set makes a new list). For a lock Nix wrote, it is l itself:
// Canonical(l).Encode() reproduces the file byte for byte.
func (l *Lock) Canonical() (*Lock, error) {
	size, err := l.checkTreeSize()
	if err != nil {
		return nil, err
	}
	c := &canonicalizer{
		src:  l,
		out:  &Lock{Name: l.Name, Version: Version, Root: "root", Nodes: make(map[string]*Node, size)},
		next: map[string]int{},
	}
	// The new nodes and their inputs are carved out of two large blocks
	// instead of being allocated one by one: a plan re-keys a lock twice,
	// and one allocation per node and input list made that a good part of
	// its garbage.
	c.nodes = make([]Node, 0, size)
	inputs, names := 0, 0
	for _, n := range l.Nodes {
		inputs += len(n.Inputs)
		for i := range n.Inputs {
			names += len(n.Inputs[i].Follows)
		}
		names += len(n.Parent)
	}
	c.inputs = make([]Input, 0, inputs)
	c.paths = make(paths, 0, names) // the follows and parent paths, when no node is un-shared
	c.copyNode("root", l.RootNode(), true)
	return c.out, nil
}

// Canonicalize makes l what Canonical returns for it, in place. When no
// node is reached by two string edges (nothing to un-share: a lock Nix
// wrote, and what redirects make of one), l's own nodes and input lists
// are re-keyed instead of copied (a lock already keyed so is left as it
// is), and the unreachable ones dropped; else
// l becomes a copy as Canonical makes it. Either way l is then equal to
// Canonical's result, positions cleared as in a built lock. It is for an
// owner that has no more use for l as it was: a planner writing the lock
// it edited saves a copy of every node. Each key must have a node of its
// own, as Parse and Canonical make them (a node stored under two keys is
// the same node to re-key twice).
func (l *Lock) Canonicalize() error {
	// One map serves twice: the keys met while telling a tree (named as
	// rekey would name them, as long as they agree), then (emptied, its
	// room kept) the new keys.
	seen := make(map[string]*Node, len(l.Nodes))
	c := &canonicalizer{
		src:  l,
		out:  &Lock{Name: l.Name, Version: Version, Root: "root", Nodes: seen},
		next: map[string]int{},
	}
	named := true
	if !c.inspect("root", l.Root, &named) {
		c, err := l.Canonical() // un-shares, or says why it cannot
		if err != nil {
			return err
		}
		*l = *c
		return nil
	}
	if len(seen) > MaxNodes {
		return fmt.Errorf("lock file un-shares into more than %d nodes", MaxNodes)
	}
	if named {
		// Every node reached is keyed as Nix keys it (a lock Nix wrote,
		// or one whose redirects removed no node a later key counts
		// on): the nodes met are the result, positions cleared.
		l.Version = Version
		if len(seen) != len(l.Nodes) {
			l.Nodes = seen
		}
		for _, n := range l.Nodes {
			n.Pos = diag.Pos{}
			for i := range n.Inputs {
				n.Inputs[i].Pos = diag.Pos{}
			}
		}
		return nil
	}
	clear(seen)
	clear(c.next)
	c.rekey("root", l.RootNode())
	*l = *c.out
	return nil
}

// inspect walks the string edges from key (reached by an input named
// want) as rekey would, entering each key met into c.out.Nodes, and
// reports whether they form a tree (no node met twice, no cycle). named
// stays true while every key met is the one rekey would give the node;
// once one is not, the names no longer matter and are not sought.
func (c *canonicalizer) inspect(want, key string, named *bool) bool {
	n := c.src.Nodes[key]
	if _, again := c.out.Nodes[key]; again || n == nil {
		return false
	}
	if *named && (n.Key != key || c.name(want, key) != key) {
		*named = false
	}
	c.out.Nodes[key] = n
	for i := range n.Inputs {
		if in := &n.Inputs[i]; !in.IsFollows && !c.inspect(in.Name, in.Node, named) {
			return false
		}
	}
	return true
}

// rekey names n (reached once only: a tree) want, as copyNode would name
// its copy, and its string edges' targets after it. l's map of old keys
// is read as keys are changed: it is replaced at the end.
func (c *canonicalizer) rekey(want string, n *Node) string {
	key := c.name(want, n.Key)
	c.out.Nodes[key] = n
	n.Key, n.Pos = key, diag.Pos{}
	for i := range n.Inputs {
		in := &n.Inputs[i]
		in.Pos = diag.Pos{}
		if !in.IsFollows {
			in.Node = c.rekey(in.Name, c.src.Nodes[in.Node])
		}
	}
	return key
}

type canonicalizer struct {
	// out.Nodes holds the keys taken so far: a key is entered as soon as
	// it is chosen.
	src, out *Lock
	// next is where the suffix search for a name resumes: keys are never
	// released, so every suffix below it is still taken. Without it, naming
	// n nodes of the same input name would cost n².
	next map[string]int
	// nodes and inputs are the blocks new nodes and input lists come
	// from; inputs may run out (a node un-shared into several copies),
	// and then fresh memory is taken.
	nodes  []Node
	inputs []Input
	paths  paths // follows and parent paths
}

func (c *canonicalizer) taken(key string) bool {
	_, ok := c.out.Nodes[key]
	return ok
}

// name is the key for a node of input name want: want, or want_2,
// want_3, … when taken. old is the node's key in the source: when the
// name comes out the same (a lock Nix wrote), that string is kept rather
// than a new one made; the suffixes tried are spelled in a buffer.
func (c *canonicalizer) name(want, old string) string {
	if !c.taken(want) {
		return want
	}
	var buf [64]byte
	for n := max(c.next[want], 2); ; n++ {
		key := strconv.AppendInt(append(append(buf[:0], want...), '_'), int64(n), 10)
		if _, taken := c.out.Nodes[string(key)]; !taken { // (no string is made to look it up)
			c.next[want] = n + 1
			if string(key) == old {
				return old
			}
			return string(key)
		}
	}
}

func (c *canonicalizer) copyNode(want string, old *Node, isRoot bool) string {
	key := c.name(want, old.Key)
	var n *Node
	if len(c.nodes) < cap(c.nodes) {
		c.nodes = append(c.nodes, Node{Key: key})
		n = &c.nodes[len(c.nodes)-1]
	} else {
		n = &Node{Key: key}
	}
	c.out.Nodes[key] = n
	if !isRoot {
		n.Locked = old.Locked
		n.Original = old.Original
		n.NotFlake = old.NotFlake
		if old.HasParent {
			n.HasParent = true
			n.Parent = c.paths.clone(old.Parent)
		}
	}
	if k := len(old.Inputs); k > 0 {
		if len(c.inputs)+k <= cap(c.inputs) {
			// Capacity = length: adding an input reallocates, never
			// overwrites the next node's.
			i := len(c.inputs)
			c.inputs = c.inputs[:i+k]
			n.Inputs = c.inputs[i : i+k : i+k]
		} else {
			n.Inputs = make([]Input, k)
		}
	}
	for i, in := range old.Inputs {
		if in.IsFollows {
			n.Inputs[i] = Input{Name: in.Name, Follows: c.paths.clone(in.Follows), IsFollows: true}
			continue
		}
		n.Inputs[i] = Input{Name: in.Name, Node: c.copyNode(in.Name, c.src.Nodes[in.Node], false)}
	}
	return key
}

// checkTreeSize counts, without building it, how many nodes the un-shared
// tree has and returns that count (memoised per key: O(nodes + edges)), and refuses string-edge
// cycles, which a Lock built in code (not by Parse) could have.
func (l *Lock) checkTreeSize() (int, error) {
	const inProgress = -1
	size := make(map[string]int, len(l.Nodes))
	var count func(key string) (int, error)
	count = func(key string) (int, error) {
		switch s := size[key]; {
		case s == inProgress:
			return 0, fmt.Errorf("lock file contains a cycle through node %q", key)
		case s > 0:
			return s, nil
		}
		size[key] = inProgress
		total := 1
		for _, in := range l.Nodes[key].Inputs {
			if in.IsFollows {
				continue
			}
			s, err := count(in.Node)
			if err != nil {
				return 0, err
			}
			total = min(total+s, MaxNodes+1)
		}
		size[key] = total
		return total, nil
	}
	n, err := count(l.Root)
	if err == nil && n > MaxNodes {
		err = fmt.Errorf("lock file un-shares into more than %d nodes", MaxNodes)
	}
	return n, err
}
