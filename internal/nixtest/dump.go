package nixtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// This file is an independent, deliberately small re-implementation of the
// writer Nix uses for flake.lock (nlohmann::json dump(2) plus "\n"; see docs/lock-format.md),
// so that tests can state expected lock files as edited JSON values and
// compare bytes with what Nix wrote. It is pinned against Nix's own output by
// the facts tests (key naming and string escaping); it is not the product's writer (lockgraph has
// that), which is what makes it useful as an oracle.

// DecodeJSON parses data keeping numbers as json.Number (lock numbers are
// uint64; float64 would lose lastModified/revCount precision).
func DecodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after JSON value")
	}
	return v, nil
}

// DumpJSON writes v the way Nix writes flake.lock: keys sorted by bytes, two
// spaces per level, one member or element per line, "{}" and "[]" for
// empties, UTF-8 raw, only '"', '\\' and control bytes escaped, "\n" at the
// end. Invalid UTF-8 is an error, as it is for Nix.
func DumpJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := dump(&b, v, 0); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func dump(b *bytes.Buffer, v any, depth int) error {
	indent := func(d int) { b.WriteString(strings.Repeat("  ", d)) }
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 0 {
			b.WriteString("{}")
			return nil
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys) // byte order, like std::map<std::string>
		b.WriteString("{\n")
		for i, k := range keys {
			indent(depth + 1)
			if err := dumpString(b, k); err != nil {
				return err
			}
			b.WriteString(": ")
			if err := dump(b, v[k], depth+1); err != nil {
				return err
			}
			if i < len(keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		indent(depth)
		b.WriteByte('}')
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteString("[\n")
		for i, e := range v {
			indent(depth + 1)
			if err := dump(b, e, depth+1); err != nil {
				return err
			}
			if i < len(v)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		indent(depth)
		b.WriteByte(']')
	case []string: // convenience for follows paths built in tests
		a := make([]any, len(v))
		for i, s := range v {
			a[i] = s
		}
		return dump(b, a, depth)
	case string:
		return dumpString(b, v)
	case json.Number:
		// Lock files hold unsigned integers only (attrs are uint64 in Nix).
		s := string(v)
		if s == "" || strings.TrimLeft(s, "0123456789") != "" {
			return fmt.Errorf("number %s is not an unsigned integer", s)
		}
		b.WriteString(s)
	case int:
		if v < 0 {
			return fmt.Errorf("negative number %d", v)
		}
		fmt.Fprint(b, v)
	case bool:
		fmt.Fprint(b, v)
	case nil:
		b.WriteString("null")
	default:
		return fmt.Errorf("unsupported JSON value %T", v)
	}
	return nil
}

func dumpString(b *bytes.Buffer, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("invalid UTF-8 in string %q", s)
	}
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 {
				fmt.Fprintf(b, `\u%04x`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return nil
}
