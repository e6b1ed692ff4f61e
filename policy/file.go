package policy

import (
	"errors"
	"fmt"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/flake-unify/flake-unify/diag"
)

// ReadFile reads a policy file: top-level keys only, each known key once,
// each with a value of its kind. name is the file's name in messages.
// What the values mean (does the input exist, does the glob match) is
// checked against the lock later, by Options.
func ReadFile(name string, data []byte) (Layer, error) {
	var layer Layer
	var p unstable.Parser
	p.Reset(data)
	seen := map[string]diag.Pos{}
	pos := func(r unstable.Range) diag.Pos {
		sh := p.Shape(r)
		return diag.Pos{Line: sh.Start.Line, Col: sh.Start.Column, Offset: sh.Start.Offset}
	}
	fail := func(at diag.Pos, what, why, hint string) error {
		return &diag.Error{File: name, Pos: at, What: what, Why: why, Hint: hint}
	}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.KeyValue:
		case unstable.Table, unstable.ArrayTable:
			kit := e.Key()
			kit.Next()
			return nil, fail(pos(kit.Node().Raw), "a table", "the policy file has keys only, no [tables]",
				"write every setting at the top level, e.g. keep = [\"*/nixpkgs-stable\"]")
		default:
			continue // comments
		}
		it := e.Key()
		it.Next()
		key := it.Node()
		at := pos(key.Raw)
		k := string(key.Data)
		if !it.IsLast() {
			return nil, fail(at, "dotted key "+string(p.Raw(e.Raw)), "the policy file has keys only, no tables",
				"write every setting at the top level, e.g. keep = [\"*/nixpkgs-stable\"]")
		}
		i := keyIndex(k)
		if i < 0 {
			return nil, fail(at, fmt.Sprintf("unknown key %q", k), "", "known keys: "+knownKeys())
		}
		if prev, ok := seen[k]; ok {
			return nil, fail(at, fmt.Sprintf("key %q set twice", k), "first set at line "+fmt.Sprint(prev.Line), "keep one of them")
		}
		seen[k] = at
		v := e.Value()
		vat := valuePos(data, key.Raw, v.Raw, pos)
		s := Setting{Key: k, Origin: File, File: name, Pos: vat}
		wrong := func(at diag.Pos) error {
			return fail(at, fmt.Sprintf("%s: wrong type", k), "want "+keys[i].kind.String(), "e.g. "+example(k))
		}
		switch keys[i].kind {
		case str:
			if v.Kind != unstable.String {
				return nil, wrong(vat)
			}
			s.Value.Str = string(v.Data)
		case boolean:
			if v.Kind != unstable.Bool {
				return nil, wrong(vat)
			}
			s.Value.Bool = string(v.Data) == "true"
		case list:
			if v.Kind != unstable.Array {
				return nil, wrong(vat)
			}
			elems := v.Children()
			for elems.Next() {
				el := elems.Node()
				if el.Kind == unstable.Comment {
					continue
				}
				if el.Kind != unstable.String {
					return nil, wrong(pos(el.Raw))
				}
				s.Value.List = append(s.Value.List, string(el.Data))
				s.Items = append(s.Items, pos(el.Raw))
			}
			if s.Value.List == nil {
				s.Value.List = []string{}
			}
		}
		layer = append(layer, s)
	}
	if err := p.Error(); err != nil {
		at := diag.Pos{}
		var pe *unstable.ParserError
		if errors.As(err, &pe) && len(pe.Highlight) > 0 {
			at = pos(p.Range(pe.Highlight))
		}
		msg := err.Error()
		if pe != nil {
			msg = pe.Message
		}
		return nil, &diag.Error{File: name, Pos: at, What: "not valid TOML", Why: msg, Err: err,
			Hint: "each line is key = value, e.g. strategy = \"root\" or keep = [\"*/nixpkgs-stable\"]"}
	}
	return layer, nil
}

func knownKeys() string {
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += k.name
	}
	return s
}

// example is a line of the file that sets key, for hints.
func example(key string) string {
	switch keys[keyIndex(key)].kind {
	case boolean:
		return key + " = true"
	case list:
		return key + ` = ["…"]`
	}
	return key + ` = "…"`
}

// valuePos is where a key's value starts. The parser records no range for
// an array, so it is found after the key's '='.
func valuePos(data []byte, key, val unstable.Range, pos func(unstable.Range) diag.Pos) diag.Pos {
	if val.Length > 0 {
		return pos(val)
	}
	off := int(key.Offset + key.Length)
	for off < len(data) && data[off] != '=' {
		off++
	}
	off++
	for off < len(data) && (data[off] == ' ' || data[off] == '\t') {
		off++
	}
	return pos(unstable.Range{Offset: uint32(min(off, len(data)))})
}
