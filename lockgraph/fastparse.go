package lockgraph

import (
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/flake-unify/flake-unify/diag"
)

// The fast reader: a lock in the shape Nix writes — valid UTF-8, no escapes
// in strings, only the members Nix knows, no duplicates, a supported
// version — is read straight into a Lock in one pass, without building a
// JSON tree first. Every string is a substring of the file itself (Parse's
// caller leaves the bytes alone, so they can be read as a string), and
// positions are counted forwards as the reader goes, so reading costs about
// as much memory as the Lock it makes.
//
// It answers nil at the first thing outside that shape, and Parse then
// runs the full reader over the file, which accepts the rest of what Nix
// accepts and positions every error. So the fast reader never has to
// explain anything: whatever it returns, the full reader returns too
// (TestFastParseAgreesWithFullReader, FuzzFastParse).

type fastReader struct {
	src string // the file: every string the Lock holds is a substring of it
	pos int

	// Positions are asked for in increasing order: line is the line of
	// byte counted, lineStart the offset where that line begins.
	line, lineStart, counted int

	inputs []Input // scratch for one node's inputs
	attrs  []Attr  // scratch for one attribute set
	path   Path    // scratch for one follows path
	nodes  []Node  // allocated in blocks; the Lock points into them
	blocks [][]Node
	// sets are the attribute sets read so far, by their text: a lock
	// repeats most of them (every copy of one input locks the same
	// original, and the copies of one revision the same locked), and
	// attribute lists are values nobody changes in place, so nodes
	// whose text is the same share one list.
	sets map[string]Attrs
	// hits and misses of sets: when a lock repeats next to nothing (a
	// made-up one), sharing is given up after a while, as the map would
	// only cost.
	hits, misses int
}

func parseFast(name string, data []byte) *Lock {
	if !utf8.Valid(data) {
		return nil
	}
	// No copy: Parse's contract is that data is not changed while the
	// Lock lives.
	r := &fastReader{src: unsafe.String(unsafe.SliceData(data), len(data)), line: 1}
	return r.lock(name)
}

func (r *fastReader) lock(name string) *Lock {
	var (
		seen    uint8
		version = -1
		root    string
		hasRoot bool
		nodes   int
	)
	ok := r.object(func(key string, _ int) bool {
		switch key {
		case "nodes":
			if seen&1 != 0 {
				return false
			}
			seen |= 1
			var ok bool
			nodes, ok = r.nodeList()
			return ok
		case "root":
			if seen&2 != 0 {
				return false
			}
			seen |= 2
			var ok bool
			root, _, ok = r.str()
			hasRoot = ok
			return ok
		case "version":
			if seen&4 != 0 {
				return false
			}
			seen |= 4
			version = r.version()
			return version >= 0
		}
		return false
	})
	r.space()
	if !ok || r.pos != len(r.src) || seen != 7 || !hasRoot || version < 5 || version > Version {
		return nil
	}
	l := &Lock{Name: name, Version: version, Root: root, Nodes: make(map[string]*Node, nodes)}
	for _, b := range r.blocks {
		for i := range b {
			n := &b[i]
			if n.Key != root && (n.Locked == nil || n.Original == nil) {
				return nil
			}
			l.Nodes[n.Key] = n
		}
	}
	if len(l.Nodes) != nodes || l.Nodes[root] == nil {
		return nil // a repeated node key, or no root node
	}
	if checkEdges(l, nil) != nil {
		return nil
	}
	return l
}

// version reads a lock version: a small whole number as JSON writes it.
func (r *fastReader) version() int {
	r.space()
	start := r.pos
	for r.pos < len(r.src) && r.src[r.pos] >= '0' && r.src[r.pos] <= '9' {
		r.pos++
	}
	lit := r.src[start:r.pos]
	if lit == "" || len(lit) > 1 && lit[0] == '0' {
		return -1
	}
	v, err := strconv.Atoi(lit)
	if err != nil {
		return -1
	}
	return v
}

// nodeList reads "nodes" into blocks of nodes (r.blocks, each block as
// long as the nodes in it) and returns how many there are.
func (r *fastReader) nodeList() (int, bool) {
	count := 0
	ok := r.object(func(key string, keyOff int) bool {
		if len(r.nodes) == cap(r.nodes) {
			r.nodes = make([]Node, 0, 64)
			r.blocks = append(r.blocks, nil)
		}
		r.nodes = r.nodes[:len(r.nodes)+1]
		r.blocks[len(r.blocks)-1] = r.nodes
		n := &r.nodes[len(r.nodes)-1]
		n.Key = key
		count++
		var ok bool
		if n.Pos, ok = r.posAt(keyOff); !ok {
			return false
		}
		return r.node(n)
	})
	return count, ok
}

// node reads one node's members, as the full reader does: "info" (v5)
// is merged into "locked" after the others are read.
func (r *fastReader) node(n *Node) bool {
	var (
		seen    uint8
		info    Attrs
		hasInfo bool
	)
	once := func(bit uint8) bool {
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	}
	ok := r.object(func(key string, _ int) bool {
		var ok bool
		switch key {
		case "inputs":
			ok = once(1) && r.nodeInputs(n)
		case "locked":
			ok = once(2)
			if ok {
				n.Locked, ok = r.attrSet()
			}
		case "original":
			ok = once(4)
			if ok {
				n.Original, ok = r.attrSet()
			}
		case "info":
			ok = once(8)
			if ok {
				info, ok = r.attrSet()
				hasInfo = true
			}
		case "flake":
			var b bool
			b, ok = r.boolean()
			ok = ok && once(16)
			n.NotFlake = !b
		case "parent":
			ok = once(32)
			if ok {
				n.HasParent = true
				n.Parent, ok = r.followsPath()
			}
		}
		return ok
	})
	if ok && hasInfo {
		for _, a := range info {
			n.Locked = n.Locked.Set(a.Key, a.Value)
		}
	}
	return ok
}

func (r *fastReader) nodeInputs(n *Node) bool {
	r.inputs = r.inputs[:0]
	ok := r.object(func(key string, keyOff int) bool {
		in := Input{Name: key}
		var ok bool
		if in.Pos, ok = r.posAt(keyOff); !ok {
			return false
		}
		switch r.peek() {
		case '"':
			in.Node, _, ok = r.str()
		case '[':
			in.Follows, ok = r.followsPath()
			in.IsFollows = true
		default:
			return false
		}
		r.inputs = append(r.inputs, in)
		return ok
	})
	if !ok {
		return false
	}
	n.Inputs = make([]Input, len(r.inputs))
	copy(n.Inputs, r.inputs)
	slices.SortFunc(n.Inputs, func(a, b Input) int { return strings.Compare(a.Name, b.Name) })
	for i := 1; i < len(n.Inputs); i++ {
		if n.Inputs[i].Name == n.Inputs[i-1].Name {
			return false
		}
	}
	return true
}

// attrSet reads "locked", "original" or "info": strings, unsigned integers
// and booleans, sorted by key.
func (r *fastReader) attrSet() (Attrs, bool) {
	r.attrs = r.attrs[:0]
	r.space()
	start := r.pos
	share := r.misses < 64 || r.hits*4 >= r.misses
	if share {
		// A set written as one read before is not read again. Its text
		// most likely runs to the next '}' (a set holds no object): if
		// those bytes are those of a set already read, reading them again
		// would consume exactly them and give the same list, so they are
		// skipped. (Should the '}' sit inside a string, the bytes are no
		// set's text and the set is read as usual.)
		if end := strings.IndexByte(r.src[start:], '}'); end >= 0 {
			if a, ok := r.sets[r.src[start:start+end+1]]; ok {
				r.hits++
				r.pos = start + end + 1
				return a, true
			}
		}
	}
	ok := r.object(func(key string, _ int) bool {
		var v Value
		switch c := r.peek(); {
		case c == '"':
			s, _, ok := r.str()
			if !ok {
				return false
			}
			v = StringValue(s)
		case c >= '0' && c <= '9':
			start := r.pos
			var u uint64
			for r.pos < len(r.src) && r.src[r.pos]-'0' <= 9 {
				u = u*10 + uint64(r.src[r.pos]-'0')
				r.pos++
			}
			lit := r.src[start:r.pos]
			if len(lit) > 1 && lit[0] == '0' {
				return false
			}
			// Nineteen digits never overflow 64 bits; only a longer
			// number needs the library's overflow check.
			if len(lit) > 19 {
				var err error
				if u, err = strconv.ParseUint(lit, 10, 64); err != nil {
					return false
				}
			}
			v = UintValue(u)
		default:
			b, ok := r.boolean()
			if !ok {
				return false
			}
			v = BoolValue(b)
		}
		r.attrs = append(r.attrs, Attr{Key: key, Value: v})
		return true
	})
	if !ok {
		return nil, false
	}
	text := r.src[start:r.pos]
	a := make(Attrs, len(r.attrs))
	copy(a, r.attrs)
	slices.SortFunc(a, func(x, y Attr) int { return strings.Compare(x.Key, y.Key) })
	for i := 1; i < len(a); i++ {
		if a[i].Key == a[i-1].Key {
			return nil, false
		}
	}
	if share {
		if r.sets == nil {
			r.sets = make(map[string]Attrs, 64)
		}
		r.sets[text] = a
		r.misses++
	}
	return a, true
}

// followsPath reads an array of input names.
func (r *fastReader) followsPath() (Path, bool) {
	if !r.punct('[') {
		return nil, false
	}
	r.path = r.path[:0]
	if !r.punct(']') {
		for {
			s, _, ok := r.str()
			if !ok {
				return nil, false
			}
			r.path = append(r.path, s)
			if r.punct(',') {
				continue
			}
			if !r.punct(']') {
				return nil, false
			}
			break
		}
	}
	p := make(Path, len(r.path))
	copy(p, r.path)
	return p, true
}

// object reads an object, calling member with each member's name and the
// offset of its opening quote, positioned at the member's value.
func (r *fastReader) object(member func(key string, keyOff int) bool) bool {
	if !r.punct('{') {
		return false
	}
	if r.punct('}') {
		return true
	}
	for {
		key, off, ok := r.str()
		if !ok || !r.punct(':') {
			return false
		}
		// Nix writes one space after the colon: stepping over it here
		// spares the value's reader a call to skip white space.
		if r.pos < len(r.src) && r.src[r.pos] == ' ' {
			r.pos++
		}
		if !member(key, off) {
			return false
		}
		if r.punct(',') {
			continue
		}
		return r.punct('}')
	}
}

// str reads a string without escapes or control characters and returns it
// with the offset of its opening quote.
func (r *fastReader) str() (string, int, bool) {
	r.space()
	if r.pos >= len(r.src) || r.src[r.pos] != '"' {
		return "", 0, false
	}
	off := r.pos
	end := plainEnd(r.src, off+1)
	if end == len(r.src) || r.src[end] != '"' {
		return "", 0, false // an escape, a control byte, or no end
	}
	r.pos = end + 1
	return r.src[off+1 : end], off, true
}

func (r *fastReader) boolean() (bool, bool) {
	r.space()
	switch {
	case strings.HasPrefix(r.src[r.pos:], "true"):
		r.pos += 4
		return true, true
	case strings.HasPrefix(r.src[r.pos:], "false"):
		r.pos += 5
		return false, true
	}
	return false, false
}

// punct consumes c after white space, if it is next.
func (r *fastReader) punct(c byte) bool {
	// Most often c comes right away (a colon, a comma after a value):
	// that case is decided before any white space is looked for.
	if r.pos < len(r.src) && r.src[r.pos] == c {
		r.pos++
		return true
	}
	return r.punctAfterSpace(c)
}

func (r *fastReader) punctAfterSpace(c byte) bool {
	r.skipSpace()
	if r.pos < len(r.src) && r.src[r.pos] == c {
		r.pos++
		return true
	}
	return false
}

func (r *fastReader) peek() byte {
	r.space()
	if r.pos < len(r.src) {
		return r.src[r.pos]
	}
	return 0
}

func (r *fastReader) space() {
	// Most calls find no white space at all: that case stays small
	// enough to be inlined in every caller.
	if r.pos < len(r.src) && r.src[r.pos] > ' ' {
		return
	}
	r.skipSpace()
}

func (r *fastReader) skipSpace() {
	s, i := r.src, r.pos
	for i < len(s) {
		if c := s[i]; c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			break
		}
		i++
		// After a white space byte (most often a line break) comes a run
		// of spaces, the indentation of a lock written by Nix: up to
		// eight of them are skipped at once.
		for i+8 <= len(s) {
			if x := word(s, i) ^ ' '*lowBits; x != 0 {
				i += bits.TrailingZeros64(x) / 8
				break
			}
			i += 8
		}
	}
	r.pos = i
}

// posAt is the position of offset off, which is never before the last
// one asked for.
func (r *fastReader) posAt(off int) (diag.Pos, bool) {
	if off < r.counted {
		return diag.Pos{}, false
	}
	if seg := r.src[r.counted:off]; len(seg) > 0 {
		if n := strings.Count(seg, "\n"); n > 0 {
			r.line += n
			r.lineStart = r.counted + strings.LastIndexByte(seg, '\n') + 1
		}
	}
	r.counted = off
	return diag.Pos{Line: r.line, Col: off - r.lineStart + 1, Offset: off}, true
}
