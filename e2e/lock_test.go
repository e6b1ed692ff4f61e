package e2e

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// lockFile is a flake.lock as the judge sees it: nodes with their edges,
// locked and original attributes. It is deliberately independent of the
// product's lockgraph package: the judge must not share the tool's bugs.
type lockFile struct {
	nodes map[string]*lockNode
	root  string
}

type lockNode struct {
	key      string
	inputs   map[string]any // input name → node key (string) or follows path ([]string)
	locked   map[string]any
	original map[string]any
	noFlake  bool
}

func parseLock(data []byte) (*lockFile, error) {
	v, err := nixtest.DecodeJSON(data)
	if err != nil {
		return nil, err
	}
	top, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("flake.lock is not an object")
	}
	l := &lockFile{nodes: map[string]*lockNode{}}
	l.root, _ = top["root"].(string)
	nodes, _ := top["nodes"].(map[string]any)
	if l.root == "" || nodes == nil {
		return nil, fmt.Errorf("flake.lock has no root or nodes")
	}
	for k, raw := range nodes {
		m, _ := raw.(map[string]any)
		n := &lockNode{key: k, inputs: map[string]any{}}
		n.locked, _ = m["locked"].(map[string]any)
		n.original, _ = m["original"].(map[string]any)
		if f, ok := m["flake"].(bool); ok && !f {
			n.noFlake = true
		}
		ins, _ := m["inputs"].(map[string]any)
		for name, e := range ins {
			switch e := e.(type) {
			case string:
				n.inputs[name] = e
			case []any:
				p := make([]string, len(e))
				for i, s := range e {
					p[i], _ = s.(string)
				}
				n.inputs[name] = p
			default:
				return nil, fmt.Errorf("node %s input %s: unexpected edge %v", k, name, e)
			}
		}
		l.nodes[k] = n
	}
	if l.nodes[l.root] == nil {
		return nil, fmt.Errorf("flake.lock: root node %q missing", l.root)
	}
	return l, nil
}

// resolve walks an input path from the root the way Nix's call-flake.nix
// does: a string edge goes to that node, a follows edge is itself resolved
// from the root first. It returns the node key.
func (l *lockFile) resolve(path []string) (string, error) {
	return l.resolveDepth(path, 0)
}

func (l *lockFile) resolveDepth(path []string, depth int) (string, error) {
	if depth > 32 {
		return "", fmt.Errorf("follows cycle resolving %s", strings.Join(path, "/"))
	}
	key := l.root
	for i, name := range path {
		n := l.nodes[key]
		if n == nil {
			return "", fmt.Errorf("missing node %q", key)
		}
		switch e := n.inputs[name].(type) {
		case string:
			key = e
		case []string:
			k, err := l.resolveDepth(e, depth+1)
			if err != nil {
				return "", err
			}
			key = k
		default:
			return "", fmt.Errorf("no input %s", strings.Join(path[:i+1], "/"))
		}
	}
	if l.nodes[key] == nil {
		return "", fmt.Errorf("missing node %q", key)
	}
	return key, nil
}

// strPath is an input path reached through string edges only, and its node.
type strPath struct {
	path []string
	key  string
}

func (p strPath) String() string { return strings.Join(p.path, "/") }

// stringPaths lists every input path reachable from the root through string
// edges only, depth first in byte order. Nix never shares a node between two
// string edges, so in a lock Nix wrote each node has exactly one such path.
func (l *lockFile) stringPaths() []strPath {
	var out []strPath
	var walk func(key string, prefix []string)
	walk = func(key string, prefix []string) {
		if len(prefix) > 16 {
			return
		}
		n := l.nodes[key]
		if n == nil {
			return
		}
		for _, name := range sortedKeys(n.inputs) {
			if k, ok := n.inputs[name].(string); ok {
				p := append(append([]string{}, prefix...), name)
				out = append(out, strPath{p, k})
				walk(k, p)
			}
		}
	}
	walk(l.root, nil)
	return out
}

// content identifies what a node is, independent of its key: its locked and
// original attributes and the flake flag.
func (l *lockFile) content(key string) string {
	n := l.nodes[key]
	b, err := nixtest.DumpJSON(map[string]any{"locked": n.locked, "original": n.original, "flake": !n.noFlake})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// lockedContent is the locked attributes only: the source tree a node is.
func (l *lockFile) lockedContent(key string) string {
	b, err := nixtest.DumpJSON(l.nodes[key].locked)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func (n *lockNode) str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func (n *lockNode) rev() string { return n.str(n.locked, "rev") }

func (n *lockNode) lastModified() int64 {
	var v int64
	fmt.Sscan(fmt.Sprint(n.locked["lastModified"]), &v)
	return v
}

// pinned reports whether the author pinned an exact revision in original.
func (n *lockNode) pinned() bool { return n.str(n.original, "rev") != "" }

// branch is the channel a node tracks: original.ref, else the branch the
// fetcher locked (2.8 writes "master", newer Nix "refs/heads/master").
func (n *lockNode) branch() string {
	if r := n.str(n.original, "ref"); r != "" {
		return r
	}
	return strings.TrimPrefix(n.str(n.locked, "ref"), "refs/heads/")
}

// classifier decides which nodes are nixpkgs the way the policy is specified
// for these universes: an indirect reference to id "nixpkgs", or a source
// whose URL matches the stand-ins' pattern (what the tool gets as --match).
type classifier struct{ match *regexp.Regexp }

func (c classifier) isNixpkgs(n *lockNode) bool {
	if n.str(n.original, "type") == "indirect" && n.str(n.original, "id") == "nixpkgs" {
		return true
	}
	for _, attrs := range []map[string]any{n.original, n.locked} {
		if u := n.str(attrs, "url"); u != "" && c.match.MatchString(u) {
			return true
		}
	}
	return false
}

// countNixpkgs counts the nixpkgs nodes of a lock (every node of a lock Nix
// wrote is reachable).
func (l *lockFile) countNixpkgs(c classifier) int {
	n := 0
	for _, sp := range l.stringPaths() {
		if c.isNixpkgs(l.nodes[sp.key]) {
			n++
		}
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func splitPath(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "/") {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

func hasPrefix(p, prefix []string) bool {
	if len(prefix) > len(p) {
		return false
	}
	for i := range prefix {
		if p[i] != prefix[i] {
			return false
		}
	}
	return true
}
