package lockgraph

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
)

// Parse reads a flake.lock. name is the file name used in error messages.
//
// It accepts what Nix accepts — lock versions 5 to 7, follows arrays and
// shared node keys in any version, v5 "info" merged into "locked" — and
// refuses, with a positioned error and a hint, anything Nix would refuse or
// that cannot be rewritten safely: other versions, references to missing
// nodes, string-edge cycles, attribute values other than strings, unsigned
// integers and booleans, and invalid UTF-8. Unknown node fields are ignored,
// as Nix ignores them (and drops them on its next write).
//
// The Lock's strings may share data's memory instead of copying it (a plan
// reads a lock of hundreds of kilobytes, and a copy of it is that much more
// fresh memory to fault in): the caller must not change data afterwards,
// for as long as the Lock, or any string taken from it, is in use. Every
// caller reads the file and hands the bytes over.
func Parse(name string, data []byte) (*Lock, error) {
	if l := parseFast(name, data); l != nil {
		return l, nil
	}
	return parseFull(name, data)
}

// parseFull is the full reader: a JSON tree first, then the lock read from
// it, every refusal positioned.
func parseFull(name string, data []byte) (*Lock, error) {
	p := &parser{name: name, src: data, lines: diag.NewLines(data)}
	l, err := p.lock()
	if err != nil {
		return nil, err
	}
	return l, nil
}

type parser struct {
	name  string
	src   []byte
	lines *diag.Lines
}

func (p *parser) errAt(off int, what, why, hint string) error {
	pos := diag.Pos{}
	if off >= 0 {
		pos = p.lines.Pos(off)
	}
	return &diag.Error{File: p.name, Pos: pos, What: what, Why: why, Hint: hint}
}

const hintRelock = "run `nix flake lock` to let Nix rewrite the file, then try again"

func (p *parser) lock() (*Lock, error) {
	top, err := parseJSON(p.src)
	if err != nil {
		var se *jsonSyntaxError
		if errors.As(err, &se) {
			return nil, p.errAt(se.off, "invalid JSON", se.msg, "flake.lock must be the JSON file Nix writes; restore it from git or run `nix flake lock`")
		}
		return nil, err
	}
	if top.kind != jsonObject {
		return nil, p.errAt(top.off, "not a lock file", "the top level is "+top.kind.String()+", not an object", hintRelock)
	}
	ver := top.get("version")
	if ver == nil {
		return nil, p.errAt(top.off, "not a lock file", `no "version" member`, hintRelock)
	}
	if ver.kind != jsonNumber {
		return nil, p.errAt(ver.off, "invalid lock version", `"version" is `+ver.kind.String(), hintRelock)
	}
	v, err := strconv.Atoi(ver.str)
	switch {
	case err != nil:
		return nil, p.errAt(ver.off, "invalid lock version "+ver.str, "not a small whole number", hintRelock)
	case v < 5:
		return nil, p.errAt(ver.off, fmt.Sprintf("unsupported lock version %d", v),
			"versions below 5 are the pre-release nested format that no released Nix reads",
			"move the file away and run `nix flake lock` to create a current one (this re-locks every input)")
	case v > Version:
		return nil, p.errAt(ver.off, fmt.Sprintf("unsupported lock version %d", v),
			fmt.Sprintf("flake-unify reads versions 5 to %d; this file comes from a newer Nix", Version),
			"upgrade flake-unify")
	}
	l := &Lock{Name: p.name, Version: v}

	root := top.get("root")
	if root == nil || root.kind != jsonString {
		return nil, p.errAt(top.off, "not a lock file", `no "root" member naming the root node`, hintRelock)
	}
	l.Root = root.str
	nodes := top.get("nodes")
	if nodes == nil || nodes.kind != jsonObject {
		return nil, p.errAt(top.off, "not a lock file", `no "nodes" object`, hintRelock)
	}
	l.Nodes = make(map[string]*Node, len(nodes.members))
	for _, m := range nodes.members {
		n, err := p.node(m, m.key == l.Root)
		if err != nil {
			return nil, err
		}
		l.Nodes[m.key] = n
	}
	if l.Nodes[l.Root] == nil {
		return nil, p.errAt(root.off, "missing root node", fmt.Sprintf("%q is not among the nodes", l.Root), hintRelock)
	}
	if err := checkEdges(l, func(n *Node, name string) int { return inputOff(nodes, n, name) }); err != nil {
		var ee *edgeError
		if errors.As(err, &ee) {
			return nil, p.errAt(ee.off, ee.what, ee.why, hintRelock)
		}
		return nil, err
	}
	return l, nil
}

func (p *parser) node(m jsonMember, isRoot bool) (*Node, error) {
	v := m.val
	if v.kind != jsonObject {
		return nil, p.errAt(v.off, fmt.Sprintf("invalid node %q", m.key), "a node is an object, not "+v.kind.String(), hintRelock)
	}
	n := &Node{Key: m.key, Pos: p.lines.Pos(m.keyOff)}
	var info *jsonValue
	for _, f := range v.members {
		var err error
		switch f.key {
		case "inputs":
			err = p.inputs(n, f.val)
		case "locked":
			n.Locked, err = p.attrs(m.key, f)
		case "original":
			n.Original, err = p.attrs(m.key, f)
		case "info":
			info = f.val
		case "flake":
			if f.val.kind != jsonBool {
				err = p.errAt(f.val.off, fmt.Sprintf(`invalid "flake" in node %q`, m.key), "expected a boolean, got "+f.val.kind.String(), hintRelock)
			}
			n.NotFlake = !f.val.b
		case "parent":
			n.HasParent = true
			n.Parent, err = p.path(f.val, func() string { return fmt.Sprintf(`"parent" of node %q`, m.key) })
		}
		if err != nil {
			return nil, err
		}
	}
	if info != nil { // v5: "info" (narHash, lastModified, …) belongs in "locked"
		extra, err := p.attrs(m.key, jsonMember{key: "info", val: info})
		if err != nil {
			return nil, err
		}
		for _, a := range extra {
			n.Locked = n.Locked.Set(a.Key, a.Value)
		}
	}
	if !isRoot {
		for _, f := range []struct {
			name string
			a    Attrs
		}{{"locked", n.Locked}, {"original", n.Original}} {
			if f.a == nil {
				return nil, p.errAt(m.keyOff, fmt.Sprintf("invalid node %q", m.key), fmt.Sprintf("attribute %q missing", f.name), hintRelock)
			}
		}
	}
	return n, nil
}

func (p *parser) inputs(n *Node, v *jsonValue) error {
	if v.kind != jsonObject {
		return p.errAt(v.off, fmt.Sprintf(`invalid "inputs" of node %q`, n.Key), "expected an object, got "+v.kind.String(), hintRelock)
	}
	n.Inputs = make([]Input, 0, len(v.members))
	for _, m := range v.members {
		in := Input{Name: m.key, Pos: p.lines.Pos(m.keyOff)}
		switch m.val.kind {
		case jsonString:
			in.Node = m.val.str
		case jsonArray:
			path, err := p.path(m.val, func() string { return fmt.Sprintf("follows of input %q of node %q", m.key, n.Key) })
			if err != nil {
				return err
			}
			in.Follows, in.IsFollows = path, true
		default:
			return p.errAt(m.val.off, fmt.Sprintf("invalid input %q of node %q", m.key, n.Key),
				"expected a node key (string) or a follows path (array), got "+m.val.kind.String(), hintRelock)
		}
		n.Inputs = append(n.Inputs, in)
	}
	slices.SortFunc(n.Inputs, func(a, b Input) int { return strings.Compare(a.Name, b.Name) })
	return nil
}

// path reads an array of input names; what names it in an error message
// (a func, so the message is only built when needed).
func (p *parser) path(v *jsonValue, what func() string) (Path, error) {
	if v.kind != jsonArray {
		return nil, p.errAt(v.off, "invalid "+what(), "expected an array of input names, got "+v.kind.String(), hintRelock)
	}
	path := make(Path, 0, len(v.elems))
	for _, e := range v.elems {
		if e.kind != jsonString {
			return nil, p.errAt(e.off, "invalid "+what(), "expected an input name (string), got "+e.kind.String(), hintRelock)
		}
		path = append(path, e.str)
	}
	return path, nil
}

func (p *parser) attrs(node string, m jsonMember) (Attrs, error) {
	v := m.val
	if v.kind != jsonObject {
		return nil, p.errAt(v.off, fmt.Sprintf("invalid %q of node %q", m.key, node), "expected an object, got "+v.kind.String(), hintRelock)
	}
	a := make(Attrs, 0, len(v.members))
	for _, f := range v.members {
		var val Value
		switch f.val.kind {
		case jsonString:
			val = StringValue(f.val.str)
		case jsonBool:
			val = BoolValue(f.val.b)
		case jsonNumber:
			n, err := strconv.ParseUint(f.val.str, 10, 64)
			if err != nil {
				return nil, p.errAt(f.val.off, fmt.Sprintf("unsupported value %s of attribute %q of node %q", f.val.str, f.key, node),
					"Nix allows only unsigned 64-bit integers", hintRelock)
			}
			val = UintValue(n)
		default:
			return nil, p.errAt(f.val.off, fmt.Sprintf("unsupported attribute %q of node %q", f.key, node),
				"Nix allows only strings, unsigned integers and booleans here, not "+f.val.kind.String(), hintRelock)
		}
		a = append(a, Attr{Key: f.key, Value: val})
	}
	slices.SortFunc(a, func(x, y Attr) int { return strings.Compare(x.Key, y.Key) })
	return a, nil
}

// inputOff is the offset of input name's value in node n of the JSON tree.
func inputOff(nodes *jsonValue, n *Node, name string) int {
	if jn := nodes.get(n.Key); jn != nil {
		if ins := jn.get("inputs"); ins != nil {
			if v := ins.get(name); v != nil {
				return v.off
			}
		}
	}
	return -1
}

// edgeError is what checkEdges refuses, at the offset its inputOff gave.
type edgeError struct {
	off       int
	what, why string
}

func (e *edgeError) Error() string { return e.what + ": " + e.why }

// checkEdges refuses what Nix's reader refuses: string edges to missing
// nodes or to the root, and cycles of string edges (Nix's writer would
// recurse forever on them). inputOff locates an input in the source for
// the error.
func checkEdges(l *Lock, inputOff func(n *Node, name string) int) error {
	// Without inputOff the caller wants only whether there is a problem:
	// then any order of search will do, and the keys are not sorted.
	order := func(yield func(string) bool) {
		for k := range l.Nodes {
			if !yield(k) {
				return
			}
		}
	}
	if inputOff == nil {
		inputOff = func(*Node, string) int { return -1 }
	} else {
		order = slices.Values(sortedKeys(l.Nodes))
	}
	for _, n := range l.Nodes {
		for _, in := range n.Inputs {
			if in.IsFollows {
				continue
			}
			if _, ok := l.Nodes[in.Node]; !ok {
				return &edgeError{inputOff(n, in.Name), fmt.Sprintf("input %q of node %q refers to a missing node %q", in.Name, n.Key, in.Node), "no such key in \"nodes\""}
			}
			if in.Node == l.Root {
				return &edgeError{inputOff(n, in.Name), fmt.Sprintf("input %q of node %q refers to the root node", in.Name, n.Key), "the lock file contains a cycle to the root"}
			}
		}
	}
	// Depth-first search for a cycle among string edges, iteratively so a
	// long chain cannot exhaust the stack.
	const (
		unseen = iota
		onStack
		done
	)
	state := make(map[string]uint8, len(l.Nodes))
	type frame struct {
		n *Node
		i int
	}
	var stack []frame // one for every start: empty after each
	for start := range order {
		if state[start] != unseen {
			continue
		}
		stack = append(stack, frame{n: l.Nodes[start]})
		state[start] = onStack
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.i == len(top.n.Inputs) {
				state[top.n.Key] = done
				stack = stack[:len(stack)-1]
				continue
			}
			in := top.n.Inputs[top.i]
			top.i++
			if in.IsFollows {
				continue
			}
			switch state[in.Node] {
			case onStack:
				return &edgeError{inputOff(top.n, in.Name), fmt.Sprintf("input %q of node %q leads back to node %q", in.Name, top.n.Key, in.Node), "the lock file contains a cycle"}
			case unseen:
				state[in.Node] = onStack
				stack = append(stack, frame{n: l.Nodes[in.Node]})
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
