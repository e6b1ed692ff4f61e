// Package lockgraph reads, rewrites and writes Nix flake.lock files exactly as
// Nix does.
//
// A Lock is the file's graph as written: nodes by key, each with its inputs.
// An input is either a string edge (the key of another node) or a follows
// path (input names from the top-level root; an empty path is the root
// itself). Canonical rebuilds the graph the way Nix's writer does — one node
// per path of string edges, keys named by a depth-first walk, unreachable
// nodes dropped — and Encode writes Nix's exact bytes.
package lockgraph

import (
	"slices"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
)

// Version is the lock version Nix writes (and Encode always writes).
const Version = 7

// Lock is a parsed flake.lock.
type Lock struct {
	Name    string           // file name for error messages, as given to Parse
	Version int              // as read: 5, 6 or 7
	Root    string           // key of the root node
	Nodes   map[string]*Node // every node in the file, reachable or not
}

// Node is one entry of "nodes".
type Node struct {
	Key      string
	Inputs   []Input // sorted by Name in byte order, as Nix iterates them
	Original Attrs   // nil for the root
	Locked   Attrs   // nil for the root; v5 "info" is merged in
	// Parent is the input path a relative path: input is resolved against
	// (Nix ≥ 2.26); meaningful only when HasParent.
	Parent Path
	Pos    diag.Pos // of the node's key in the source; zero for built nodes
	// The two flags go last, side by side: 144 bytes a node instead of
	// 152 (a plan holds three sets of nodes).
	NotFlake  bool // "flake": false
	HasParent bool
}

// Input is one edge of a node.
type Input struct {
	Name      string
	Node      string // target key, for a string edge
	Follows   Path   // the follows path, when IsFollows
	IsFollows bool
	Pos       diag.Pos // of the input's name in the source; zero for built inputs
}

// Path is a sequence of input names, e.g. home-manager/nixpkgs.
type Path []string

// ParsePath splits a follows string the way Nix does: on "/", dropping empty
// segments, so "" and "/" are the root itself.
func ParsePath(s string) Path {
	p := Path{}
	for _, seg := range strings.Split(s, "/") {
		if seg != "" {
			p = append(p, seg)
		}
	}
	return p
}

func (p Path) String() string { return strings.Join(p, "/") }

// Equal reports whether p and q name the same path.
func (p Path) Equal(q Path) bool { return slices.Equal(p, q) }

// HasPrefix reports whether q is a prefix of p.
func (p Path) HasPrefix(q Path) bool { return len(q) <= len(p) && slices.Equal(p[:len(q)], q) }

// Child returns p extended by name, never sharing p's backing array.
func (p Path) Child(name string) Path {
	c := make(Path, len(p)+1)
	copy(c, p)
	c[len(p)] = name
	return c
}

// Input returns the input called name, or nil.
func (n *Node) Input(name string) *Input {
	// As Attrs.Get: a handful are looked at one by one.
	if len(n.Inputs) <= 8 {
		for i := range n.Inputs {
			if n.Inputs[i].Name == name {
				return &n.Inputs[i]
			}
		}
		return nil
	}
	// Bisected by hand: the root of a big lock has dozens of inputs, and
	// every follows is resolved from it (a comparison function called
	// through a pointer cost twice as much).
	lo, hi := 0, len(n.Inputs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if n.Inputs[m].Name < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(n.Inputs) && n.Inputs[lo].Name == name {
		return &n.Inputs[lo]
	}
	return nil
}

// setInput adds or replaces the input called in.Name, keeping Inputs sorted.
func (n *Node) setInput(in Input) {
	i, ok := slices.BinarySearchFunc(n.Inputs, in.Name, func(x Input, name string) int {
		return strings.Compare(x.Name, name)
	})
	if ok {
		n.Inputs[i] = in
		return
	}
	n.Inputs = slices.Insert(n.Inputs, i, in)
}

// RootNode returns the root node.
func (l *Lock) RootNode() *Node { return l.Nodes[l.Root] }
