package flakenix

import (
	"fmt"
	"strings"
)

// attrTree records the static attribute names an attribute set literal
// defines, the way Nix's parser (ParserState::addAttr) builds them, so that
// we reject exactly the duplicates Nix rejects at parse time. Getting this
// right matters for edits: appending inputs.a.inputs.b.follows merges with
// an existing inputs = { a = …; } only in some orders.
type attrTree struct {
	ents  []attrEnt        // in order of definition
	index map[string]int32 // name → index in ents, built once the set grows
}

type attrEnt struct {
	name      string
	sub       *attrTree // non-nil when the value is an attribute set literal
	at        int32     // the token where it was first defined
	inherited bool
}

// find returns the entry named name. The pointer is valid until the next
// add to t; entries are never changed once added.
func (t *attrTree) find(name string) *attrEnt {
	if t.index != nil {
		if i, ok := t.index[name]; ok {
			return &t.ents[i]
		}
		return nil
	}
	for i := range t.ents {
		if t.ents[i].name == name {
			return &t.ents[i]
		}
	}
	return nil
}

func (t *attrTree) add(e attrEnt) {
	if t.index != nil {
		t.index[e.name] = int32(len(t.ents))
	} else if len(t.ents) >= 16 {
		t.index = make(map[string]int32, 32)
		for i := range t.ents {
			t.index[t.ents[i].name] = int32(i)
		}
		t.index[e.name] = int32(len(t.ents))
	}
	t.ents = append(t.ents, e)
}

// unparen strips parentheses, which do not exist in Nix's own AST.
func unparen(n Node) Node {
	for {
		p, ok := n.(*Paren)
		if !ok {
			return n
		}
		n = p.X
	}
}

// setTree is the attribute tree of n when n is an attribute set literal
// (Nix's ExprAttrs: { }, rec { }, but not the legacy let { }).
func setTree(n Node) *attrTree {
	if s, ok := unparen(n).(*AttrSet); ok && !s.LegacyLet {
		return s.attrs
	}
	return nil
}

// dup reports attrs[:n] (all static names), then more, as already
// defined at first.
func (p *parser) dup(at int32, attrs []Node, n int, more string, first int32) {
	path := make([]string, 0, n+1)
	for _, a := range attrs[:n] {
		name, _ := staticName(a)
		path = append(path, name)
	}
	if more != "" {
		path = append(path, more)
	}
	fp := p.tokPos(int(first))
	p.fail(int(at), "syntax error",
		fmt.Sprintf("attribute '%s' already defined at %d:%d", strings.Join(path, "."), fp.Line, fp.Col))
}

func (p *parser) checkBinds(binds []Node) *attrTree {
	t := p.trees.alloc()
	n := 0
	for _, b := range binds {
		if b, ok := b.(*Inherit); ok {
			n += len(b.Names)
		} else {
			n++
		}
	}
	t.ents = p.entries(n)
	for _, b := range binds {
		switch b := b.(type) {
		case *Inherit:
			for i, a := range b.Names {
				name, _ := staticName(a)
				if e := t.find(name); e != nil {
					p.dup(a.base().t0, b.Names[i:], 1, "", e.at)
				}
				t.add(attrEnt{name: name, inherited: true, at: a.base().t0})
			}
		case *Binding:
			p.addAttr(t, b)
		}
	}
	return t
}

func (p *parser) addAttr(t *attrTree, b *Binding) {
	attrs := b.Path.Attrs
	for i, a := range attrs {
		name, ok := staticName(a)
		if !ok {
			// A dynamic name creates a fresh set nobody else can reach.
			return
		}
		e := t.find(name)
		if i < len(attrs)-1 {
			if e == nil {
				sub := p.trees.alloc()
				t.add(attrEnt{name: name, sub: sub, at: a.base().t0})
				t = sub
				continue
			} else if e.inherited || e.sub == nil {
				p.dup(a.base().t0, attrs, i+1, "", e.at)
			}
			t = e.sub
			continue
		}
		vt := setTree(b.Value)
		if e == nil {
			t.add(attrEnt{name: name, sub: vt, at: a.base().t0})
			return
		}
		if e.sub == nil || vt == nil || e.inherited {
			p.dup(a.base().t0, attrs, i+1, "", e.at)
		}
		// Both are set literals: Nix merges them one level deep.
		for _, ve := range vt.ents {
			if e2 := e.sub.find(ve.name); e2 != nil {
				p.dup(ve.at, attrs, i+1, ve.name, e2.at)
			}
			e.sub.add(ve)
		}
	}
}

// staticName is the name of an attribute when Nix knows it at parse time:
// an identifier, a string without interpolation, or ${ } around such a
// string (Nix folds that to a static name).
func staticName(n Node) (string, bool) {
	switch n := n.(type) {
	case *Ident:
		return n.Name, true
	case *String:
		return stringValue(n)
	case *Interp:
		if s, ok := unparen(n.X).(*String); ok {
			return stringValue(s)
		}
	}
	return "", false
}

// stringValue is the value of a string literal without interpolation.
func stringValue(s *String) (string, bool) {
	for _, part := range s.Parts {
		if _, ok := part.(*Text); !ok {
			return "", false
		}
	}
	if s.Indented {
		return indentedValue(s), true
	}
	if len(s.Parts) == 1 {
		// Most strings need no unescaping: return the source text itself.
		raw := s.Parts[0].(*Text).Raw
		if strings.IndexByte(raw, '\\') < 0 && strings.IndexByte(raw, '\r') < 0 {
			return raw, true
		}
	}
	var b strings.Builder
	for _, part := range s.Parts {
		unescape(&b, part.(*Text).Raw)
	}
	return b.String(), true
}

// unescape decodes a "…" string piece as Nix's unescapeStr does.
func unescape(b *strings.Builder, raw string) {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\\' && i+1 < len(raw):
			i++
			switch raw[i] {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(raw[i])
			}
		case c == '\r':
			b.WriteByte('\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		default:
			b.WriteByte(c)
		}
	}
}

// indentedValue decodes an indented string without interpolation, stripping
// the common indentation like Nix's stripIndentation.
func indentedValue(s *String) string {
	type piece struct {
		text   string
		indent bool // a literal run (takes part in indentation), not an escape
	}
	var ps []piece
	for _, part := range s.Parts {
		raw := part.(*Text).Raw
		switch {
		case raw == "''$":
			ps = append(ps, piece{"$", false})
		case raw == "'''":
			ps = append(ps, piece{"''", false})
		case strings.HasPrefix(raw, "''\\"):
			var b strings.Builder
			unescape(&b, raw[2:])
			ps = append(ps, piece{b.String(), false})
		default:
			ps = append(ps, piece{raw, true})
		}
	}
	atStart, minIndent, cur := true, 1000000, 0
	for _, p := range ps {
		if !p.indent {
			if atStart {
				atStart = false
				minIndent = min(minIndent, cur)
			}
			continue
		}
		for j := 0; j < len(p.text); j++ {
			c := p.text[j]
			if atStart {
				switch c {
				case ' ':
					cur++
				case '\n':
					cur = 0
				default:
					atStart = false
					minIndent = min(minIndent, cur)
				}
			} else if c == '\n' {
				atStart, cur = true, 0
			}
		}
	}
	var out strings.Builder
	atStart = true
	dropped := 0
	for i, p := range ps {
		var s2 strings.Builder
		for j := 0; j < len(p.text); j++ {
			c := p.text[j]
			if atStart {
				switch c {
				case ' ':
					if dropped >= minIndent {
						s2.WriteByte(c)
					}
					dropped++
				case '\n':
					dropped = 0
					s2.WriteByte(c)
				default:
					atStart, dropped = false, 0
					s2.WriteByte(c)
				}
			} else {
				s2.WriteByte(c)
				if c == '\n' {
					atStart = true
				}
			}
		}
		str := s2.String()
		if i == len(ps)-1 {
			// The last line goes when it holds nothing but spaces.
			if k := strings.LastIndexByte(str, '\n'); k >= 0 && strings.Trim(str[k+1:], " ") == "" {
				str = str[:k+1]
			}
		}
		out.WriteString(str)
	}
	return out.String()
}
