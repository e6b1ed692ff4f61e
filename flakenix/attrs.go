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
	names []string
	ents  []*attrEnt
	index map[string]*attrEnt // built once the set grows
}

type attrEnt struct {
	sub       *attrTree // non-nil when the value is an attribute set literal
	inherited bool
	at        Node // where it was first defined
}

func (t *attrTree) find(name string) *attrEnt {
	if t.index != nil {
		return t.index[name]
	}
	for i, n := range t.names {
		if n == name {
			return t.ents[i]
		}
	}
	return nil
}

func (t *attrTree) add(name string, e *attrEnt) {
	if t.index != nil {
		t.index[name] = e
	} else if len(t.names) >= 16 {
		t.index = make(map[string]*attrEnt, 32)
		for i, n := range t.names {
			t.index[n] = t.ents[i]
		}
		t.index[name] = e
	}
	t.names = append(t.names, name)
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

func (p *parser) dup(at Node, path []string, first Node) {
	fp := p.tokPos(int(first.base().t0))
	p.fail(int(at.base().t0), "syntax error",
		fmt.Sprintf("attribute '%s' already defined at %d:%d", strings.Join(path, "."), fp.Line, fp.Col))
}

func (p *parser) checkBinds(binds []Node) *attrTree {
	t := p.trees.alloc()
	if len(binds) > 0 {
		t.names = make([]string, 0, len(binds))
		t.ents = make([]*attrEnt, 0, len(binds))
	}
	for _, b := range binds {
		switch b := b.(type) {
		case *Inherit:
			for _, a := range b.Names {
				name, _ := staticName(a)
				if e := t.find(name); e != nil {
					p.dup(a, []string{name}, e.at)
				}
				e := p.ents.alloc()
				e.inherited, e.at = true, a
				t.add(name, e)
			}
		case *Binding:
			p.addAttr(t, b)
		}
	}
	return t
}

func (p *parser) addAttr(t *attrTree, b *Binding) {
	attrs := b.Path.Attrs
	var path []string
	for i, a := range attrs {
		name, ok := staticName(a)
		if !ok {
			// A dynamic name creates a fresh set nobody else can reach.
			return
		}
		path = append(path, name)
		e := t.find(name)
		if i < len(attrs)-1 {
			if e == nil {
				e = p.ents.alloc()
				e.sub, e.at = p.trees.alloc(), a
				t.add(name, e)
			} else if e.inherited || e.sub == nil {
				p.dup(a, path, e.at)
			}
			t = e.sub
			continue
		}
		vt := setTree(b.Value)
		if e == nil {
			e = p.ents.alloc()
			e.sub, e.at = vt, a
			t.add(name, e)
			return
		}
		if e.sub == nil || vt == nil || e.inherited {
			p.dup(a, path, e.at)
		}
		// Both are set literals: Nix merges them one level deep.
		for j, n := range vt.names {
			if e2 := e.sub.find(n); e2 != nil {
				p.dup(vt.ents[j].at, append(path, n), e2.at)
			}
			e.sub.add(n, vt.ents[j])
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
