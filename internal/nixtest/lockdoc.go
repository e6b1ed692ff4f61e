package nixtest

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// LockDoc is a flake.lock as a plain JSON value, with the few edits tests
// make by hand (what one would do with jq): set an edge, delete or rename a
// node, change the version. It does no Nix logic on purpose — expected
// results are spelled out edit by edit in the tests, so each test reads as
// the claim about Nix it checks.
type LockDoc struct {
	t testing.TB
	v map[string]any
}

// ParseLock decodes a flake.lock (any version); failure fails the test.
func ParseLock(t testing.TB, data []byte) *LockDoc {
	t.Helper()
	v, err := DecodeJSON(data)
	if err != nil {
		t.Fatalf("nixtest: flake.lock: %v\n%s", err, data)
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("nixtest: flake.lock is not a JSON object:\n%s", data)
	}
	return &LockDoc{t: t, v: m}
}

// Raw returns the top-level JSON object for edits LockDoc has no method for.
func (l *LockDoc) Raw() map[string]any { return l.v }

// Clone returns a deep copy.
func (l *LockDoc) Clone() *LockDoc {
	l.t.Helper()
	return &LockDoc{t: l.t, v: deepCopy(l.v).(map[string]any)}
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		a := make([]any, len(v))
		for i, e := range v {
			a[i] = deepCopy(e)
		}
		return a
	}
	return v
}

func (l *LockDoc) nodes() map[string]any {
	l.t.Helper()
	n, ok := l.v["nodes"].(map[string]any)
	if !ok {
		l.t.Fatalf("nixtest: lock has no nodes object")
	}
	return n
}

// Keys returns the node keys in byte order.
func (l *LockDoc) Keys() []string {
	l.t.Helper()
	var ks []string
	for k := range l.nodes() {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Node returns the node with the given key (fails the test if absent).
func (l *LockDoc) Node(key string) map[string]any {
	l.t.Helper()
	n, ok := l.nodes()[key].(map[string]any)
	if !ok {
		l.t.Fatalf("nixtest: lock has no node %q (keys %v)", key, l.Keys())
	}
	return n
}

// Input returns the edge name of node key: a node key (string) or a follows
// path ([]any of strings); nil if there is none.
func (l *LockDoc) Input(key, name string) any {
	l.t.Helper()
	ins, _ := l.Node(key)["inputs"].(map[string]any)
	return ins[name]
}

// OriginalURL returns original.url of the node (or original.path, or "" ),
// which in universes names the repository a node came from.
func (l *LockDoc) OriginalURL(key string) string {
	l.t.Helper()
	o, _ := l.Node(key)["original"].(map[string]any)
	if s, ok := o["url"].(string); ok {
		return s
	}
	s, _ := o["path"].(string)
	return s
}

// SetInput sets input name of node key to edge: a node key (string) or a
// follows path ([]string; empty = the root flake itself).
func (l *LockDoc) SetInput(key, name string, edge any) *LockDoc {
	l.t.Helper()
	n := l.Node(key)
	ins, _ := n["inputs"].(map[string]any)
	if ins == nil {
		ins = map[string]any{}
		n["inputs"] = ins
	}
	switch e := edge.(type) {
	case string:
		ins[name] = e
	case []string:
		a := make([]any, len(e))
		for i, s := range e {
			a[i] = s
		}
		ins[name] = a
	default:
		l.t.Fatalf("nixtest: SetInput: edge must be string or []string, got %T", edge)
	}
	return l
}

// DeleteNode removes the node with the given key (edges to it are left alone).
func (l *LockDoc) DeleteNode(key string) *LockDoc {
	l.t.Helper()
	l.Node(key)
	delete(l.nodes(), key)
	return l
}

// RenameNode moves node from to key to and rewrites every string edge (and
// the top-level "root") that pointed at from. to must be free.
func (l *LockDoc) RenameNode(from, to string) *LockDoc {
	l.t.Helper()
	nodes := l.nodes()
	n := l.Node(from)
	if _, taken := nodes[to]; taken {
		l.t.Fatalf("nixtest: RenameNode %s → %s: key taken", from, to)
	}
	delete(nodes, from)
	nodes[to] = n
	for _, v := range nodes {
		ins, _ := v.(map[string]any)["inputs"].(map[string]any)
		for name, e := range ins {
			if e == from {
				ins[name] = to
			}
		}
	}
	if l.v["root"] == from {
		l.v["root"] = to
	}
	return l
}

// SetVersion sets the top-level "version".
func (l *LockDoc) SetVersion(v int) *LockDoc {
	l.v["version"] = json.Number(strconv.Itoa(v))
	return l
}

// Bytes writes the document as Nix writes flake.lock (DumpJSON).
func (l *LockDoc) Bytes() []byte {
	l.t.Helper()
	b, err := DumpJSON(l.v)
	if err != nil {
		l.t.Fatalf("nixtest: %v", err)
	}
	return b
}

// Edges is a compact view of the graph: one line per node, "key: inputs" with the
// inputs as compact JSON, in key order. Good for readable assertions.
func (l *LockDoc) Edges() string {
	l.t.Helper()
	var sb strings.Builder
	for _, k := range l.Keys() {
		ins, _ := l.Node(k)["inputs"].(map[string]any)
		if ins == nil {
			ins = map[string]any{}
		}
		b, err := json.Marshal(ins)
		if err != nil {
			l.t.Fatal(err)
		}
		sb.WriteString(k + ": " + string(b) + "\n")
	}
	return sb.String()
}

// Edges is LockDoc.Edges of a lock file's bytes.
func Edges(t testing.TB, lock []byte) string {
	t.Helper()
	return ParseLock(t, lock).Edges()
}
