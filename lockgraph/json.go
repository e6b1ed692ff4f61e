package lockgraph

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// A small JSON reader instead of encoding/json: flake.lock errors must point at
// a line and column, integers must stay exact, and invalid UTF-8 must be
// refused (Nix's nlohmann::json refuses it; encoding/json silently replaces it).

type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

func (k jsonKind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

type jsonValue struct {
	kind    jsonKind
	off     int    // byte offset of the value's first byte
	str     string // string contents (unescaped), or a number's literal text
	b       bool
	members []jsonMember // object members in source order
	elems   []*jsonValue
}

type jsonMember struct {
	key    string
	keyOff int
	val    *jsonValue
}

func (v *jsonValue) get(key string) *jsonValue {
	for i := range v.members {
		if v.members[i].key == key {
			return v.members[i].val
		}
	}
	return nil
}

// jsonSyntaxError is a JSON syntax error at a byte offset.
type jsonSyntaxError struct {
	off int
	msg string
}

func (e *jsonSyntaxError) Error() string { return e.msg }

// maxJSONDepth bounds nesting so hostile input cannot exhaust the stack.
const maxJSONDepth = 10000

type jsonReader struct {
	src   []byte
	pos   int
	depth int

	// Allocation batching: a flake.lock is mostly small objects with the
	// same few member names, so values come from a slab, member lists are
	// built on one scratch stack and copied out at their exact size, and
	// member names are interned.
	slab    []jsonValue
	scratch []jsonMember
	names   map[string]string
}

func (r *jsonReader) newValue(kind jsonKind, off int) *jsonValue {
	if len(r.slab) == 0 {
		r.slab = make([]jsonValue, 256)
	}
	v := &r.slab[0]
	r.slab = r.slab[1:]
	v.kind, v.off = kind, off
	return v
}

// name returns s interned: member names repeat in every node.
func (r *jsonReader) name(b []byte) string {
	if s, ok := r.names[string(b)]; ok {
		return s
	}
	s := string(b)
	if r.names == nil {
		r.names = make(map[string]string, 64)
	}
	r.names[s] = s
	return s
}

func parseJSON(src []byte) (*jsonValue, error) {
	r := &jsonReader{src: src}
	r.skipSpace()
	v, err := r.value()
	if err != nil {
		return nil, err
	}
	r.skipSpace()
	if r.pos < len(r.src) {
		return nil, r.errf(r.pos, "unexpected %s after the top-level value", r.describe(r.pos))
	}
	return v, nil
}

func (r *jsonReader) errf(off int, format string, args ...any) error {
	return &jsonSyntaxError{off: off, msg: fmt.Sprintf(format, args...)}
}

func (r *jsonReader) describe(off int) string {
	if off >= len(r.src) {
		return "end of file"
	}
	c := r.src[off]
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (r *jsonReader) skipSpace() {
	for r.pos < len(r.src) {
		switch r.src[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *jsonReader) value() (*jsonValue, error) {
	if r.pos >= len(r.src) {
		return nil, r.errf(r.pos, "unexpected end of file, expected a value")
	}
	start := r.pos
	switch c := r.src[r.pos]; {
	case c == '{':
		return r.object()
	case c == '[':
		return r.array()
	case c == '"':
		s, err := r.string()
		if err != nil {
			return nil, err
		}
		v := r.newValue(jsonString, start)
		v.str = s
		return v, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return r.number()
	case r.literal("true"):
		v := r.newValue(jsonBool, start)
		v.b = true
		return v, nil
	case r.literal("false"):
		return r.newValue(jsonBool, start), nil
	case r.literal("null"):
		return r.newValue(jsonNull, start), nil
	}
	return nil, r.errf(r.pos, "unexpected %s, expected a value", r.describe(r.pos))
}

func (r *jsonReader) literal(word string) bool {
	if len(r.src)-r.pos >= len(word) && string(r.src[r.pos:r.pos+len(word)]) == word {
		r.pos += len(word)
		return true
	}
	return false
}

func (r *jsonReader) enter() error {
	r.depth++
	if r.depth > maxJSONDepth {
		return r.errf(r.pos, "nesting deeper than %d levels", maxJSONDepth)
	}
	return nil
}

func (r *jsonReader) object() (*jsonValue, error) {
	v := r.newValue(jsonObject, r.pos)
	base := len(r.scratch) // this object's members are r.scratch[base:]
	defer func() { r.scratch = r.scratch[:base] }()
	if err := r.enter(); err != nil {
		return nil, err
	}
	defer func() { r.depth-- }()
	r.pos++ // {
	r.skipSpace()
	if r.pos < len(r.src) && r.src[r.pos] == '}' {
		r.pos++
		return v, nil
	}
	var seen map[string]struct{} // for large objects ("nodes"); small ones scan
	for {
		r.skipSpace()
		if r.pos >= len(r.src) || r.src[r.pos] != '"' {
			return nil, r.errf(r.pos, "unexpected %s, expected a member name in double quotes", r.describe(r.pos))
		}
		keyOff := r.pos
		key, err := r.stringOrName(true)
		if err != nil {
			return nil, err
		}
		if r.duplicate(r.scratch[base:], &seen, key) {
			return nil, r.errf(keyOff, "duplicate member %q", key)
		}
		r.skipSpace()
		if r.pos >= len(r.src) || r.src[r.pos] != ':' {
			return nil, r.errf(r.pos, "unexpected %s, expected ':' after member name", r.describe(r.pos))
		}
		r.pos++
		r.skipSpace()
		val, err := r.value()
		if err != nil {
			return nil, err
		}
		r.scratch = append(r.scratch, jsonMember{key: key, keyOff: keyOff, val: val})
		r.skipSpace()
		if r.pos < len(r.src) {
			switch r.src[r.pos] {
			case ',':
				r.pos++
				continue
			case '}':
				r.pos++
				v.members = append([]jsonMember(nil), r.scratch[base:]...)
				return v, nil
			}
		}
		return nil, r.errf(r.pos, "unexpected %s, expected ',' or '}'", r.describe(r.pos))
	}
}

// duplicate reports whether key is among members, keeping the lookup
// linear-time overall: a scan while the object is small, a set beyond.
func (r *jsonReader) duplicate(members []jsonMember, seen *map[string]struct{}, key string) bool {
	const scanLimit = 16
	if len(members) < scanLimit {
		for i := range members {
			if members[i].key == key {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*len(members))
		for i := range members {
			(*seen)[members[i].key] = struct{}{}
		}
	}
	if _, ok := (*seen)[key]; ok {
		return true
	}
	(*seen)[key] = struct{}{}
	return false
}

func (r *jsonReader) array() (*jsonValue, error) {
	v := r.newValue(jsonArray, r.pos)
	if err := r.enter(); err != nil {
		return nil, err
	}
	defer func() { r.depth-- }()
	r.pos++ // [
	r.skipSpace()
	if r.pos < len(r.src) && r.src[r.pos] == ']' {
		r.pos++
		return v, nil
	}
	for {
		r.skipSpace()
		e, err := r.value()
		if err != nil {
			return nil, err
		}
		v.elems = append(v.elems, e)
		r.skipSpace()
		if r.pos < len(r.src) {
			switch r.src[r.pos] {
			case ',':
				r.pos++
				continue
			case ']':
				r.pos++
				return v, nil
			}
		}
		return nil, r.errf(r.pos, "unexpected %s, expected ',' or ']'", r.describe(r.pos))
	}
}

func (r *jsonReader) number() (*jsonValue, error) {
	start := r.pos
	digits := func() int {
		n := 0
		for r.pos < len(r.src) && r.src[r.pos] >= '0' && r.src[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	if r.src[r.pos] == '-' {
		r.pos++
	}
	intStart := r.pos
	if n := digits(); n == 0 {
		return nil, r.errf(r.pos, "malformed number")
	} else if n > 1 && r.src[intStart] == '0' {
		return nil, r.errf(intStart, "malformed number: leading zero")
	}
	if r.pos < len(r.src) && r.src[r.pos] == '.' {
		r.pos++
		if digits() == 0 {
			return nil, r.errf(r.pos, "malformed number: no digits after '.'")
		}
	}
	if r.pos < len(r.src) && (r.src[r.pos] == 'e' || r.src[r.pos] == 'E') {
		r.pos++
		if r.pos < len(r.src) && (r.src[r.pos] == '+' || r.src[r.pos] == '-') {
			r.pos++
		}
		if digits() == 0 {
			return nil, r.errf(r.pos, "malformed number: no digits in exponent")
		}
	}
	v := r.newValue(jsonNumber, start)
	v.str = string(r.src[start:r.pos])
	return v, nil
}

// string reads a JSON string starting at the opening quote and returns its
// contents. The fast path copies a run of plain bytes in one go; only strings
// with escapes take the slow path.
func (r *jsonReader) string() (string, error) { return r.stringOrName(false) }

func (r *jsonReader) stringOrName(intern bool) (string, error) {
	start := r.pos
	r.pos++ // "
	i := r.pos
	for i < len(r.src) {
		c := r.src[i]
		if c == '"' {
			s := r.src[r.pos:i]
			if !utf8.Valid(s) {
				return "", r.invalidUTF8(r.pos, i)
			}
			r.pos = i + 1
			if intern {
				return r.name(s), nil
			}
			return string(s), nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		i++
	}
	if i >= len(r.src) {
		return "", r.errf(start, "string not terminated")
	}
	buf := append([]byte(nil), r.src[r.pos:i]...)
	r.pos = i
	for {
		if r.pos >= len(r.src) {
			return "", r.errf(start, "string not terminated")
		}
		c := r.src[r.pos]
		switch {
		case c == '"':
			r.pos++
			if !utf8.Valid(buf) {
				return "", r.invalidUTF8(start+1, r.pos-1)
			}
			return string(buf), nil
		case c < 0x20:
			return "", r.errf(r.pos, "control character 0x%02x in string must be escaped", c)
		case c != '\\':
			buf = append(buf, c)
			r.pos++
			continue
		}
		// An escape.
		if r.pos+1 >= len(r.src) {
			return "", r.errf(start, "string not terminated")
		}
		esc := r.src[r.pos+1]
		r.pos += 2
		switch esc {
		case '"', '\\', '/':
			buf = append(buf, esc)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			escOff := r.pos - 2
			r1, err := r.hex4()
			if err != nil {
				return "", err
			}
			switch {
			case utf16.IsSurrogate(r1) && r1 < 0xdc00:
				if r.pos+1 < len(r.src) && r.src[r.pos] == '\\' && r.src[r.pos+1] == 'u' {
					r.pos += 2
					r2, err := r.hex4()
					if err != nil {
						return "", err
					}
					if dec := utf16.DecodeRune(r1, r2); dec != utf8.RuneError {
						buf = utf8.AppendRune(buf, dec)
						break
					}
				}
				return "", r.errf(escOff, "unpaired UTF-16 surrogate \\u%04x", r1)
			case utf16.IsSurrogate(r1):
				return "", r.errf(escOff, "unpaired UTF-16 surrogate \\u%04x", r1)
			default:
				buf = utf8.AppendRune(buf, r1)
			}
		default:
			return "", r.errf(r.pos-2, "invalid escape '\\%c' in string", esc)
		}
	}
}

func (r *jsonReader) hex4() (rune, error) {
	if len(r.src)-r.pos < 4 {
		return 0, r.errf(r.pos, "\\u escape needs four hex digits")
	}
	n, err := strconv.ParseUint(string(r.src[r.pos:r.pos+4]), 16, 16)
	if err != nil {
		return 0, r.errf(r.pos, "\\u escape needs four hex digits")
	}
	r.pos += 4
	return rune(n), nil
}

// invalidUTF8 reports the first invalid byte in src[from:to]. (Offsets into
// buf after escapes may drift; the raw bytes are checked in order, so the
// first bad raw byte is what gets reported.)
func (r *jsonReader) invalidUTF8(from, to int) error {
	for i := from; i < to; {
		c, size := utf8.DecodeRune(r.src[i:to])
		if c == utf8.RuneError && size <= 1 {
			return r.errf(i, "invalid UTF-8 byte 0x%02x in string", r.src[i])
		}
		i += size
	}
	return r.errf(from, "invalid UTF-8 in string")
}
