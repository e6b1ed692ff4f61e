package lockgraph

import (
	"fmt"
	"strconv"
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
// The result shares nothing with l. For a lock Nix wrote, it is l itself:
// Canonical(l).Encode() reproduces the file byte for byte.
func (l *Lock) Canonical() (*Lock, error) {
	if err := l.checkTreeSize(); err != nil {
		return nil, err
	}
	c := &canonicalizer{
		src:  l,
		out:  &Lock{Name: l.Name, Version: Version, Root: "root", Nodes: make(map[string]*Node, len(l.Nodes))},
		used: make(map[string]bool, len(l.Nodes)),
		next: map[string]int{},
	}
	c.copyNode("root", l.RootNode(), true)
	return c.out, nil
}

type canonicalizer struct {
	src, out *Lock
	used     map[string]bool
	// next is where the suffix search for a name resumes: keys are never
	// released, so every suffix below it is still taken. Without it, naming
	// n nodes of the same input name would cost n².
	next map[string]int
}

func (c *canonicalizer) name(want string) string {
	key := want
	if c.used[key] {
		n := max(c.next[want], 2)
		for ; ; n++ {
			key = want + "_" + strconv.Itoa(n)
			if !c.used[key] {
				break
			}
		}
		c.next[want] = n + 1
	}
	c.used[key] = true
	return key
}

func (c *canonicalizer) copyNode(want string, old *Node, isRoot bool) string {
	key := c.name(want)
	n := &Node{Key: key}
	c.out.Nodes[key] = n
	if !isRoot {
		n.Locked = old.Locked.Clone()
		n.Original = old.Original.Clone()
		n.NotFlake = old.NotFlake
		if old.HasParent {
			n.HasParent = true
			n.Parent = append(Path{}, old.Parent...)
		}
	}
	if len(old.Inputs) > 0 {
		n.Inputs = make([]Input, len(old.Inputs))
	}
	for i, in := range old.Inputs {
		if in.IsFollows {
			n.Inputs[i] = Input{Name: in.Name, Follows: append(Path{}, in.Follows...), IsFollows: true}
			continue
		}
		n.Inputs[i] = Input{Name: in.Name, Node: c.copyNode(in.Name, c.src.Nodes[in.Node], false)}
	}
	return key
}

// checkTreeSize counts, without building it, how many nodes the un-shared
// tree has (memoised per key: O(nodes + edges)), and refuses string-edge
// cycles, which a Lock built in code (not by Parse) could have.
func (l *Lock) checkTreeSize() error {
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
	return err
}
