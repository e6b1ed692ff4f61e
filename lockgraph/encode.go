package lockgraph

import (
	"fmt"
	"math"
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

	// The buffer is a local the helpers take and give back, not a field:
	// then it stays in registers instead of being stored after every
	// append.
	e := encoder{written: make(map[listAt]span, len(keys))}
	b := make([]byte, 0, 512*len(keys)+64)
	b = append(b, "{\n  \"nodes\": "...)
	if len(keys) == 0 {
		b = append(b, "{}"...)
	} else {
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n    "...)
			b = e.str(b, k)
			b = append(b, ": "...)
			b = e.node(b, 2, l.Nodes[k])
		}
		b = append(b, "\n  }"...)
	}
	b = append(b, ",\n  \"root\": "...)
	b = e.str(b, l.Root)
	b = append(b, ",\n  \"version\": "...)
	b = strconv.AppendInt(b, Version, 10)
	b = append(b, "\n}\n"...)
	if e.err != nil {
		return nil, e.err
	}
	return b, nil
}

// encoder holds the first string Encode could not write; the bytes go
// through its methods' arguments and results.
type encoder struct {
	err error
	// written says where each attribute list already written sits in
	// the output. Nodes share lists (a lock's copies of one input lock
	// the same original, and the copies of one revision the same
	// locked), so most lists are written more than once, and a list
	// written at one level reads the same every time.
	written map[listAt]span
}

// listAt is an attribute list (by its first element and length: lists are
// never changed in place) written at an indentation level.
type listAt struct {
	first    *Attr
	n, level int32
}

// span is where bytes sit in the output.
type span struct{ start, end int32 }

// spaces serve every indent Encode writes (ten at most: a follows path
// inside a node's inputs).
const spaces = "                                "

// newline starts a line indented for level.
func newline(b []byte, level int) []byte {
	b = append(b, '\n')
	if n := 2 * level; n <= len(spaces) {
		return append(b, spaces[:n]...)
	}
	for range level {
		b = append(b, "  "...)
	}
	return b
}

// member starts member i of an object at level: a comma after the one
// before, the new line, the key and its colon.
func (e *encoder) member(b []byte, level, i int, k string) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	b = newline(b, level)
	b = e.str(b, k)
	return append(b, ": "...)
}

// node writes a node's fields in byte order: flake, inputs, locked, original, parent.
func (e *encoder) node(b []byte, level int, n *Node) []byte {
	i := 0
	b = append(b, '{')
	if n.NotFlake {
		b = e.member(b, level+1, i, "flake")
		b = append(b, "false"...)
		i++
	}
	if len(n.Inputs) > 0 {
		b = e.member(b, level+1, i, "inputs")
		b = append(b, '{')
		for j := range n.Inputs {
			in := &n.Inputs[j]
			b = e.member(b, level+2, j, in.Name)
			if in.IsFollows {
				b = e.path(b, level+2, in.Follows)
			} else {
				b = e.str(b, in.Node)
			}
		}
		b = newline(b, level+1)
		b = append(b, '}')
		i++
	}
	if n.Locked != nil {
		b = e.member(b, level+1, i, "locked")
		b = e.attrs(b, level+1, n.Locked)
		i++
	}
	if n.Original != nil {
		b = e.member(b, level+1, i, "original")
		b = e.attrs(b, level+1, n.Original)
		i++
	}
	if n.HasParent {
		b = e.member(b, level+1, i, "parent")
		b = e.path(b, level+1, n.Parent)
		i++
	}
	if i == 0 {
		return append(b, '}')
	}
	b = newline(b, level)
	return append(b, '}')
}

func (e *encoder) path(b []byte, level int, p Path) []byte {
	if len(p) == 0 {
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i, s := range p {
		if i > 0 {
			b = append(b, ',')
		}
		b = newline(b, level+1)
		b = e.str(b, s)
	}
	b = newline(b, level)
	return append(b, ']')
}

func (e *encoder) attrs(b []byte, level int, a Attrs) []byte {
	if len(a) == 0 {
		return append(b, "{}"...)
	}
	if e.written == nil || len(a) > math.MaxInt32 {
		return e.attrsOnce(b, level, a)
	}
	at := listAt{&a[0], int32(len(a)), int32(level)}
	if s, ok := e.written[at]; ok {
		return append(b, b[s.start:s.end]...)
	}
	start := len(b)
	b = e.attrsOnce(b, level, a)
	if len(b) <= math.MaxInt32 {
		e.written[at] = span{int32(start), int32(len(b))}
	}
	return b
}

func (e *encoder) attrsOnce(b []byte, level int, a Attrs) []byte {
	b = append(b, '{')
	for i := range a {
		at := &a[i]
		b = e.member(b, level+1, i, at.Key)
		switch at.Value.Kind {
		case String:
			b = e.str(b, at.Value.Str)
		case Uint:
			b = strconv.AppendUint(b, at.Value.Uint, 10)
		case Bool:
			b = strconv.AppendBool(b, at.Value.Bool)
		}
	}
	b = newline(b, level)
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// str writes s quoted the way nlohmann does with ensure_ascii=false.
func (e *encoder) str(b []byte, s string) []byte {
	// Nearly every string of a lock is printable ASCII: nothing to escape
	// and nothing to check, so it is copied in one piece.
	if asciiPlain(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	if e.err == nil && !utf8.ValidString(s) {
		e.err = fmt.Errorf("cannot write string %q: invalid UTF-8 (Nix refuses it too)", s)
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
