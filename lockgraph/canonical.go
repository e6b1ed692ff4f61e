package lockgraph

import (
	"fmt"
	"strconv"
)

// MaxNodes bounds the size of the tree Canonical builds. A hand-made lock
// whose nodes are shared by many paths un-shares exponentially; Nix would
// try to build it all, flake-unify refuses.
const MaxNodes = 1 << 22

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
	c := &canonicalizer{
		src:  l,
		out:  &Lock{Name: l.Name, Version: Version, Root: "root", Nodes: make(map[string]*Node, len(l.Nodes))},
		used: make(map[string]bool, len(l.Nodes)),
	}
	if _, err := c.copyNode("root", l.RootNode(), true); err != nil {
		return nil, err
	}
	return c.out, nil
}

type canonicalizer struct {
	src, out *Lock
	used     map[string]bool
}

func (c *canonicalizer) name(want string) string {
	key := want
	if c.used[key] {
		for n := 2; ; n++ {
			key = want + "_" + strconv.Itoa(n)
			if !c.used[key] {
				break
			}
		}
	}
	c.used[key] = true
	return key
}

func (c *canonicalizer) copyNode(want string, old *Node, isRoot bool) (string, error) {
	if len(c.out.Nodes) >= MaxNodes {
		return "", fmt.Errorf("lock file un-shares into more than %d nodes", MaxNodes)
	}
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
		childKey, err := c.copyNode(in.Name, c.src.Nodes[in.Node], false)
		if err != nil {
			return "", err
		}
		n.Inputs[i] = Input{Name: in.Name, Node: childKey}
	}
	return key, nil
}
