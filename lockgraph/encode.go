package lockgraph

import (
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Encode writes l in Nix's exact format: nlohmann::json's dump(2) plus a
// newline — keys sorted by raw bytes at every level, two-space indent, raw
// UTF-8, only '"', '\\' and control characters escaped — always as version 7
// (v5/v6 are upgraded the way Nix writes them). Every node in l is written
// under its own key, reachable or not; call Canonical first to get the file
// Nix itself would write.
//
// Encode fails only on strings that are not valid UTF-8, which Nix refuses
// to write as well.
func (l *Lock) Encode() ([]byte, error) {
	keys := make([]string, 0, len(l.Nodes))
	for k := range l.Nodes {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	e := encoder{buf: make([]byte, 0, 512*len(keys)+64)}
	e.raw("{\n")
	e.key(1, "nodes")
	if len(keys) == 0 {
		e.raw("{}")
	} else {
		e.raw("{\n")
		for i, k := range keys {
			e.key(2, k)
			e.node(2, l.Nodes[k])
			e.sep(i, len(keys))
		}
		e.close(1, '}')
	}
	e.raw(",\n")
	e.key(1, "root")
	e.str(l.Root)
	e.raw(",\n")
	e.key(1, "version")
	e.raw(strconv.Itoa(Version))
	e.raw("\n}\n")
	if e.err != nil {
		return nil, e.err
	}
	return e.buf, nil
}

type encoder struct {
	buf []byte
	err error
}

func (e *encoder) raw(s string) { e.buf = append(e.buf, s...) }

func (e *encoder) indent(level int) {
	for range level {
		e.buf = append(e.buf, "  "...)
	}
}

func (e *encoder) key(level int, k string) {
	e.indent(level)
	e.str(k)
	e.buf = append(e.buf, ": "...)
}

// sep ends member i of n: a comma unless it is the last.
func (e *encoder) sep(i, n int) {
	if i < n-1 {
		e.buf = append(e.buf, ',')
	}
	e.buf = append(e.buf, '\n')
}

func (e *encoder) close(level int, c byte) {
	e.indent(level)
	e.buf = append(e.buf, c)
}

// node writes a node's fields in byte order: flake, inputs, locked, original, parent.
func (e *encoder) node(level int, n *Node) {
	fields := 0
	if n.NotFlake {
		fields++
	}
	if len(n.Inputs) > 0 {
		fields++
	}
	if n.Locked != nil {
		fields++
	}
	if n.Original != nil {
		fields++
	}
	if n.HasParent {
		fields++
	}
	if fields == 0 {
		e.raw("{}")
		return
	}
	e.raw("{\n")
	i := 0
	if n.NotFlake {
		e.key(level+1, "flake")
		e.raw("false")
		e.sep(i, fields)
		i++
	}
	if len(n.Inputs) > 0 {
		e.key(level+1, "inputs")
		e.raw("{\n")
		for j, in := range n.Inputs {
			e.key(level+2, in.Name)
			if in.IsFollows {
				e.path(level+2, in.Follows)
			} else {
				e.str(in.Node)
			}
			e.sep(j, len(n.Inputs))
		}
		e.close(level+1, '}')
		e.sep(i, fields)
		i++
	}
	if n.Locked != nil {
		e.key(level+1, "locked")
		e.attrs(level+1, n.Locked)
		e.sep(i, fields)
		i++
	}
	if n.Original != nil {
		e.key(level+1, "original")
		e.attrs(level+1, n.Original)
		e.sep(i, fields)
		i++
	}
	if n.HasParent {
		e.key(level+1, "parent")
		e.path(level+1, n.Parent)
		e.sep(i, fields)
	}
	e.close(level, '}')
}

func (e *encoder) path(level int, p Path) {
	if len(p) == 0 {
		e.raw("[]")
		return
	}
	e.raw("[\n")
	for i, s := range p {
		e.indent(level + 1)
		e.str(s)
		e.sep(i, len(p))
	}
	e.close(level, ']')
}

func (e *encoder) attrs(level int, a Attrs) {
	if len(a) == 0 {
		e.raw("{}")
		return
	}
	e.raw("{\n")
	for i, at := range a {
		e.key(level+1, at.Key)
		switch at.Value.Kind {
		case String:
			e.str(at.Value.Str)
		case Uint:
			e.buf = strconv.AppendUint(e.buf, at.Value.Uint, 10)
		case Bool:
			e.buf = strconv.AppendBool(e.buf, at.Value.Bool)
		}
		e.sep(i, len(a))
	}
	e.close(level, '}')
}

const hexDigits = "0123456789abcdef"

// str writes s quoted the way nlohmann does with ensure_ascii=false.
func (e *encoder) str(s string) {
	// Nearly every string of a lock is printable ASCII: nothing to escape
	// and nothing to check, so it is copied in one piece.
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		e.buf = append(e.buf, '"')
		e.buf = append(e.buf, s...)
		e.buf = append(e.buf, '"')
		return
	}
	if e.err == nil && !utf8.ValidString(s) {
		e.err = fmt.Errorf("cannot write string %q: invalid UTF-8 (Nix refuses it too)", s)
	}
	e.buf = append(e.buf, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		e.buf = append(e.buf, s[start:i]...)
		switch c {
		case '"':
			e.buf = append(e.buf, '\\', '"')
		case '\\':
			e.buf = append(e.buf, '\\', '\\')
		case '\b':
			e.buf = append(e.buf, '\\', 'b')
		case '\f':
			e.buf = append(e.buf, '\\', 'f')
		case '\n':
			e.buf = append(e.buf, '\\', 'n')
		case '\r':
			e.buf = append(e.buf, '\\', 'r')
		case '\t':
			e.buf = append(e.buf, '\\', 't')
		default:
			e.buf = append(e.buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	e.buf = append(e.buf, s[start:]...)
	e.buf = append(e.buf, '"')
}
