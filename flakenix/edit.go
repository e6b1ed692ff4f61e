package flakenix

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
)

// splice replaces src[off:end] with text.
type splice struct {
	off, end int
	text     string
}

func applySplices(src []byte, ss []splice) []byte {
	sort.Slice(ss, func(i, j int) bool { return ss[i].off < ss[j].off })
	var out bytes.Buffer
	out.Grow(len(src) + 128)
	at := 0
	for _, s := range ss {
		out.Write(src[at:s.off])
		out.WriteString(s.text)
		at = s.end
	}
	out.Write(src[at:])
	return out.Bytes()
}

// commit re-parses the edited text, checks that it says what the edit
// meant, and only then replaces f. A failure here is a bug in this package,
// never the user's: the error says so and f is left as it was.
func (f *File) commit(ss []splice, check func(*File) error) error {
	src := applySplices(f.src, ss)
	nf, err := Parse(f.name, src)
	if err == nil {
		err = check(nf)
	}
	if err != nil {
		return fmt.Errorf("internal error: flakenix produced an edit it cannot read back (please report this): %w", err)
	}
	*f = *nf
	return nil
}

func (f *File) usageErr(what, why, hint string) error {
	return &diag.Error{File: f.name, What: what, Why: why, Hint: hint}
}

// SetFollows declares that the input at path follows target, a
// '/'-separated input path from the root ("nixpkgs", "a/nixpkgs", or "" for
// the flake itself). path [A] is the root input A; path [A, B, …] overrides
// input B of A (Nix before 2.30 honours only two levels). An existing
// declaration is updated in place; otherwise a new binding is written
// where a person would put it.
func (f *File) SetFollows(path []string, target string) error {
	if err := f.checkPath(path); err != nil {
		return err
	}
	if target != "" {
		for _, seg := range strings.Split(target, "/") {
			if !isInputName(seg) {
				return f.usageErr(fmt.Sprintf("invalid follows target %q", target),
					fmt.Sprintf("%q is not an input name", seg),
					"write input names separated by single slashes, e.g. \"nixpkgs\" or \"home-manager/nixpkgs\"")
			}
		}
	}
	name := strings.Join(path, "/")
	check := func(nf *File) error {
		if got, ok := nf.Follows(path); !ok || got != target {
			return fmt.Errorf("after the edit %s follows %q (declared: %v), want %q", name, got, ok, target)
		}
		return nil
	}
	in := f.Input(path...)
	if in != nil && in.hasRef() {
		a := in.Attrs[0]
		if a.Name == "flake" {
			a = in.Attrs[1]
		}
		return &diag.Error{File: f.name, Pos: a.Pos, What: fmt.Sprintf("cannot make input '%s' follow '%s'", name, target),
			Why:  fmt.Sprintf("it has its own flake reference (%s); Nix ≥ 2.30 rejects an input with both", a.Name),
			Hint: "remove its flake reference first, or leave this input alone"}
	}
	if in != nil && in.HasFollows {
		if in.Follows == target {
			return nil
		}
		v := in.follows.Value
		text := quote(target)
		if s, ok := v.(*String); ok && s.Indented && !strings.Contains(target, "'") && !strings.Contains(target, "$") {
			text = "''" + target + "''" // keep the file's string style
		}
		return f.commit([]splice{{v.Pos().Offset, v.End().Offset, text}}, check)
	}
	full := []string{"inputs"}
	for i, p := range path {
		if i > 0 {
			full = append(full, "inputs")
		}
		full = append(full, p)
	}
	full = append(full, "follows")
	return f.insert(full, func(string, string) string { return " = " + quote(target) + ";" }, check)
}

func (f *File) checkPath(path []string) error {
	if len(path) == 0 {
		return f.usageErr("empty input path", "", "")
	}
	for _, p := range path {
		if p == "" {
			return f.usageErr(fmt.Sprintf("invalid input path %q", strings.Join(path, "/")), "empty input name", "")
		}
	}
	return nil
}

// DropFollows removes the follows declaration of the input at path. When
// that leaves an override with nothing in it, the override goes too: Nix
// would read an empty override of a dependency's input as a registry
// reference to a flake of that name.
//
// A root input declared by nothing but overrides (inputs.g.inputs.x.follows
// with no url anywhere) is the registry flake g for Nix. When the dropped
// follows is the last of those overrides, the input stays declared as
// inputs.g = { }; which Nix reads as the same registry flake, so the lock
// does not change.
func (f *File) DropFollows(path []string) error {
	if err := f.checkPath(path); err != nil {
		return err
	}
	in := f.Input(path...)
	name := strings.Join(path, "/")
	if in == nil || !in.HasFollows {
		return f.usageErr(fmt.Sprintf("input '%s' has no follows declaration", name), "", "")
	}
	// Candidates, cleanest first: the follows binding together with every
	// set it leaves empty, then less and less of that chain.
	cands := []Node{in.follows}
	for bl := f.setOf(in.follows); bl != nil && bl.holder != nil && len(bl.set.Binds) == 1; bl = bl.parent {
		cands = append(cands, bl.holder)
	}
	before := f.emptyOverrides()
	dirs := f.directiveOwners()
	var roots []string
	for _, r := range f.inputs {
		roots = append(roots, r.Name())
	}
	// A root input with no flake reference of its own may be left declared
	// as { }: Nix reads that as the registry flake it already was.
	emptyRoot := ""
	if len(path) > 1 && !f.Input(path[0]).hasRef() {
		emptyRoot = path[0]
	}
	checkFor := func(sp splice) func(*File) error {
		return func(nf *File) error {
			if _, ok := nf.Follows(path); ok {
				return fmt.Errorf("after the edit %s still follows something", name)
			}
			var now []string
			for _, r := range nf.inputs {
				now = append(now, r.Name())
			}
			if strings.Join(now, " ") != strings.Join(roots, " ") {
				return errLostInput
			}
			for p := range nf.emptyOverrides() {
				if !before[p] && p != emptyRoot {
					return fmt.Errorf("the edit would leave an empty declaration for %s", p)
				}
			}
			return movedDirective(dirs, sp, nf)
		}
	}
	var firstErr error
	for i := len(cands) - 1; i >= 0; i-- {
		off, end := f.lineSpan(cands[i])
		if off == 0 || f.src[off-1] == '\n' {
			off = f.loneDirectivesAbove(off)
		}
		sp := splice{off, end, ""}
		err := f.commit([]splice{sp}, checkFor(sp))
		if err == nil {
			return nil
		}
		if firstErr == nil || errors.Is(firstErr, errLostInput) {
			firstErr = err
		}
	}
	if errors.Is(firstErr, errLostInput) && emptyRoot != "" {
		// No set is left to hold the input: write one.
		if s, ok := f.emptyDeclaration(cands[len(cands)-1].(*Binding), emptyRoot); ok {
			if firstErr = f.commit([]splice{s}, checkFor(s)); firstErr == nil {
				return nil
			}
		}
	}
	var moved *movedError
	if errors.As(firstErr, &moved) {
		return &diag.Error{File: f.name, Pos: f.root.sf.pos(int32(moved.off)), What: fmt.Sprintf("cannot drop the follows of '%s'", name),
			Why:  fmt.Sprintf("the directive here would then apply to input '%s'", moved.input),
			Hint: "give the declaration a line of its own, with its directive beside it or above it"}
	}
	if errors.Is(firstErr, errLostInput) {
		return &diag.Error{File: f.name, Pos: in.follows.Pos(), What: fmt.Sprintf("cannot drop the follows of '%s'", name),
			Why:  fmt.Sprintf("it is the only declaration of input '%s'", path[0]),
			Hint: fmt.Sprintf("declare input '%s' (its url) in flake.nix first", path[0])}
	}
	return firstErr
}

// emptyDeclaration rewrites bind, which declares root input root and
// nothing besides, as root = { }; spelled as bind spells the path up to
// the input's name (inputs.g.inputs.x.follows = …; becomes inputs.g = { };).
func (f *File) emptyDeclaration(bind *Binding, root string) (splice, bool) {
	bl := f.setOf(bind)
	if bl == nil {
		return splice{}, false
	}
	k := 1 - len(bl.path) // index of the root input's name in bind's path
	attrs := bind.Path.Attrs
	if k < 0 || k >= len(attrs) {
		return splice{}, false
	}
	if name, ok := staticName(attrs[k]); !ok || name != root {
		return splice{}, false
	}
	text := string(f.src[attrs[0].Pos().Offset:attrs[k].End().Offset]) + " = { };"
	// Directives beside or above the override were about it, not about
	// the input now declared empty: they go with the override.
	off, end := bind.Pos().Offset, f.trailingDirective(bind.End().Offset)
	if ls := bytes.LastIndexByte(f.src[:off], '\n') + 1; f.startsLine(off) {
		if above := f.loneDirectivesAbove(ls); above < ls {
			text = string(f.src[ls:off]) + text
			off = above
		}
	}
	return splice{off, end, text}, true
}

// errLostInput is a value of a type of its own rather than errors.New, so
// that nothing is allocated when a program starts.
var errLostInput error = lostInputError{}

type lostInputError struct{}

func (lostInputError) Error() string { return "the edit would remove a root input" }

// movedError says that an edit would attach the directive at offset off
// (in the text before the edit) to an input it was not attached to.
type movedError struct {
	off   int
	input string
}

func (e *movedError) Error() string {
	return fmt.Sprintf("the edit would attach the directive at offset %d to input '%s'", e.off, e.input)
}

// directiveOwners maps the offset of each attached directive to the
// inputs it is attached to.
func (f *File) directiveOwners() map[int]map[string]bool {
	owners := map[int]map[string]bool{}
	var walk func([]*Input)
	walk = func(ins []*Input) {
		for _, in := range ins {
			for _, d := range in.Directives {
				if owners[d.Pos.Offset] == nil {
					owners[d.Pos.Offset] = map[string]bool{}
				}
				owners[d.Pos.Offset][strings.Join(in.Path, "/")] = true
			}
			walk(in.Inputs)
		}
	}
	walk(f.inputs)
	return owners
}

// movedDirective checks that sp, which made nf from a file whose
// directives had the owners before, attached no directive to an input it
// was not attached to. A directive outside sp keeps its text; its offset
// moves by what sp removed or added before it.
func movedDirective(before map[int]map[string]bool, sp splice, nf *File) error {
	shift := len(sp.text) - (sp.end - sp.off)
	now := nf.directiveOwners()
	for _, d := range nf.directives {
		old := d.Pos.Offset
		switch {
		case old >= sp.off+len(sp.text):
			old -= shift
		case old >= sp.off:
			continue // written by the edit itself
		}
		for in := range now[d.Pos.Offset] {
			if !before[old][in] {
				return &movedError{off: old, input: in}
			}
		}
	}
	return nil
}

// emptyOverrides lists the inputs declared with nothing in them: Nix reads
// those as registry references, so an edit must not create one.
func (f *File) emptyOverrides() map[string]bool {
	out := map[string]bool{}
	var walk func([]*Input)
	walk = func(ins []*Input) {
		for _, in := range ins {
			if len(in.Attrs) == 0 && !in.HasFollows && len(in.Inputs) == 0 {
				out[strings.Join(in.Path, "/")] = true
			}
			walk(in.Inputs)
		}
	}
	walk(f.inputs)
	return out
}

// setOf finds the block holding a binding.
func (f *File) setOf(b *Binding) *block {
	for _, bl := range f.blocks {
		for _, e := range bl.entries {
			if e.bind == b {
				return bl
			}
		}
	}
	return nil
}

// lineSpan is what to delete to remove n: its whole line(s) when it has
// them to itself, comments beside it included; else n and the blanks that
// separate it from its neighbour.
func (f *File) lineSpan(n Node) (int, int) {
	src := f.src
	off, end := n.Pos().Offset, n.End().Offset
	ls := off
	for ls > 0 && (src[ls-1] == ' ' || src[ls-1] == '\t') {
		ls--
	}
	e := f.skipSameLineTrivia(end)
	startsLine := ls == 0 || src[ls-1] == '\n'
	endsLine := e == len(src) || src[e] == '\n' || src[e] == '\r'
	switch {
	case startsLine && endsLine:
		if e < len(src) && src[e] == '\r' {
			e++
		}
		if e < len(src) && src[e] == '\n' {
			e++
		}
		return ls, e
	case !endsLine:
		for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
			end++
		}
		return off, end
	default:
		return ls, end
	}
}

// skipSameLineTrivia moves past blanks and comments that end before the
// end of the line.
func (f *File) skipSameLineTrivia(i int) int {
	src := f.src
	for i < len(src) {
		switch {
		case src[i] == ' ' || src[i] == '\t':
			i++
		case src[i] == '#':
			for i < len(src) && src[i] != '\n' && src[i] != '\r' {
				i++
			}
			return i
		case src[i] == '/' && i+1 < len(src) && src[i+1] == '*':
			j := bytes.Index(src[i+2:], []byte("*/"))
			if j < 0 || bytes.IndexByte(src[i:i+2+j], '\n') >= 0 {
				return i
			}
			i += j + 4
		default:
			return i
		}
	}
	return i
}

// AddInput declares a new root input written as an attribute-set flake
// reference, so that its locked "original" is exactly attrs (a URL string
// could parse differently). Values are strings, integers or booleans.
func (f *File) AddInput(name string, attrs []Attr) error {
	if err := f.checkPath([]string{name}); err != nil {
		return err
	}
	if in := f.Input(name); in != nil {
		return &diag.Error{File: f.name, Pos: in.Pos, What: fmt.Sprintf("input '%s' is already declared", name),
			Hint: "choose another name or edit the existing input"}
	}
	if len(attrs) == 0 {
		return f.usageErr(fmt.Sprintf("input '%s' needs attributes", name), "", "give at least type (or url)")
	}
	seen := map[string]bool{}
	var vals []string
	for _, a := range attrs {
		if a.Name == "" || a.Name == "inputs" || a.Name == "follows" || seen[a.Name] {
			return f.usageErr(fmt.Sprintf("invalid attribute %q for input '%s'", a.Name, name), "", "")
		}
		seen[a.Name] = true
		v, err := renderValue(a.Value)
		if err != nil {
			return f.usageErr(fmt.Sprintf("attribute '%s' of input '%s'", a.Name, name), err.Error(), "")
		}
		vals = append(vals, AttrName(a.Name)+" = "+v+";")
	}
	if !seen["type"] {
		for _, a := range attrs {
			if a.Name != "url" && a.Name != "flake" {
				return f.usageErr(fmt.Sprintf("attribute '%s' of input '%s' needs a type", a.Name, name),
					"without type, Nix reads a flake reference from url alone", "give type, or put the attribute in the url's query")
			}
		}
	}
	render := func(indent, nl string) string {
		one := " = { " + strings.Join(vals, " ") + " };"
		if len(indent)+len(one)+len(name)+8 <= 100 || nl == "" {
			return one
		}
		var b strings.Builder
		b.WriteString(" = {")
		for _, v := range vals {
			b.WriteString(nl + indent + f.unit() + v)
		}
		b.WriteString(nl + indent + "};")
		return b.String()
	}
	return f.insert([]string{"inputs", name}, render, func(nf *File) error {
		in := nf.Input(name)
		if in == nil || len(in.Attrs) != len(attrs) {
			return fmt.Errorf("after the edit input %s is not declared as asked", name)
		}
		for i, a := range attrs {
			if in.Attrs[i].Name != a.Name || fmt.Sprint(in.Attrs[i].Value) != fmt.Sprint(a.Value) {
				return fmt.Errorf("after the edit input %s has %s = %v", name, in.Attrs[i].Name, in.Attrs[i].Value)
			}
		}
		return nil
	})
}

func renderValue(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return quote(v), nil
	case bool:
		return strconv.FormatBool(v), nil
	case int:
		if v < 0 {
			return "", fmt.Errorf("negative integers are not literals in Nix")
		}
		return strconv.Itoa(v), nil
	case int64:
		if v < 0 {
			return "", fmt.Errorf("negative integers are not literals in Nix")
		}
		return strconv.FormatInt(v, 10), nil
	case uint64:
		if v > 1<<63-1 {
			return "", fmt.Errorf("integer too large for Nix")
		}
		return strconv.FormatUint(v, 10), nil
	}
	return "", fmt.Errorf("unsupported value %v (%T): use a string, integer or boolean", v, v)
}

// quote writes s as a Nix string literal.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '$':
			if i+1 < len(s) && s[i+1] == '{' {
				b.WriteString(`\$`)
			} else {
				b.WriteByte('$')
			}
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// AttrName spells an attribute name as a Nix attribute path takes it: bare
// when Nix reads it so (an identifier that is no keyword; "or" is allowed),
// else as a Nix string ("my.flake", with ${ and the like escaped).
func AttrName(name string) string {
	if isIdent(name) {
		if k := keyword([]byte(name)); k == 0 || k == tOrKw {
			return name
		}
	}
	return quote(name)
}

// spell writes the attribute path rest for a binding placed after
// pl.anchor, copying the anchor's own spelling of the part they share (so
// inputs."my.flake".url gets inputs."my.flake".inputs.….follows beside it).
func (f *File) spell(pl placement, rest []string) string {
	var anchor []Node
	for _, e := range pl.b.entries {
		if e.bind == pl.anchor {
			anchor = e.bind.Path.Attrs
			n := lcp(e.names, rest)
			anchor = anchor[:n]
		}
	}
	parts := make([]string, len(rest))
	for i, name := range rest {
		if i < len(anchor) {
			a := anchor[i]
			parts[i] = string(f.src[a.Pos().Offset:a.End().Offset])
		} else {
			parts[i] = AttrName(name)
		}
	}
	return strings.Join(parts, ".")
}

// insert adds a binding for the path full (which starts with "inputs"),
// rendered as the attribute path suffix plus render(indent, newline). It
// tries the placements in order of preference and keeps the first one
// that reads back as intended.
func (f *File) insert(full []string, render func(indent, nl string) string, check func(*File) error) error {
	var firstErr error
	for _, pl := range f.placements(full) {
		names := f.spell(pl, full[len(pl.b.path):])
		s := f.spliceFor(pl, names, render)
		err := f.commit([]splice{s}, check)
		if err == nil {
			return nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = fmt.Errorf("internal error: no place to declare %s", strings.Join(full, "."))
	}
	return firstErr
}

type placement struct {
	b      *block
	anchor *Binding // insert after this binding; nil: see atStart
	score  int
}

// placements ranks the attribute sets a new binding for full could go
// into. A set scores by how much of full it and its bindings already spell
// out, so the binding lands inside the input's own { … }, next to its
// siblings in a flat file, or at the end of the inputs block; deeper sets
// win ties.
func (f *File) placements(full []string) []placement {
	var out []placement
	for _, b := range f.blocks {
		if len(b.path) >= len(full) || !hasPrefix(full, b.path) {
			continue
		}
		rest := full[len(b.path):]
		pl := placement{b: b, score: len(b.path)}
		bestL := 0
		for _, e := range b.entries {
			// The last of the bindings sharing the most with the new one.
			if l := lcp(e.names, rest); l > 0 && l >= bestL {
				bestL, pl.anchor = l, e.bind
			}
		}
		pl.score += bestL
		if bestL == 0 {
			pl.anchor = f.defaultAnchor(b)
		}
		out = append(out, pl)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return len(out[i].b.path) > len(out[j].b.path)
	})
	return out
}

// defaultAnchor is where a binding goes in a set that mentions nothing of
// it yet: after the url of an input's own block, after description at the
// top level, else after the last binding.
func (f *File) defaultAnchor(b *block) *Binding {
	if len(b.entries) == 0 {
		return nil
	}
	if len(b.path) == 0 {
		var a *Binding
		for _, e := range b.entries {
			if e.names[0] == "description" || e.names[0] == "inputs" {
				a = e.bind
			}
		}
		return a
	}
	for _, e := range b.entries {
		if len(e.names) == 1 && e.names[0] == "url" {
			return e.bind
		}
	}
	return b.entries[len(b.entries)-1].bind
}

func hasPrefix(s, p []string) bool {
	if len(p) > len(s) {
		return false
	}
	for i := range p {
		if s[i] != p[i] {
			return false
		}
	}
	return true
}

func lcp(a, b []string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// spliceFor renders the insertion for a placement: on its own line after
// the anchor (after any comment beside it) with the anchor's indentation,
// or on the same line when the set is written on one line.
func (f *File) spliceFor(pl placement, attr string, render func(indent, nl string) string) splice {
	src := f.src
	set := pl.b.set
	if pl.anchor != nil {
		end := pl.anchor.End().Offset
		e := f.skipSameLineTrivia(end)
		if e == len(src) || src[e] == '\n' || src[e] == '\r' {
			nl := f.newline()
			if e < len(src) {
				nl = "\n"
				if src[e] == '\r' {
					nl = "\r\n"
				}
			}
			indent := f.indentIn(pl.b, pl.anchor)
			return splice{e, e, nl + indent + attr + render(indent, nl)}
		}
		return splice{end, end, " " + attr + render("", "")}
	}
	if len(set.Binds) > 0 {
		off := set.Binds[0].Pos().Offset
		if f.startsLine(off) {
			indent, nl := f.lineIndent(off), f.newline()
			// Above any directive lines of the first binding, which stay
			// with it.
			if ls, at := off-len(indent), f.loneDirectivesAbove(off-len(indent)); at < ls {
				return splice{at, at, indent + attr + render(indent, nl) + nl}
			}
			return splice{off, off, attr + render(indent, nl) + nl + indent}
		}
		return splice{off, off, attr + render("", "") + " "}
	}
	lb := set.Lbrace.Offset + 1
	if set.Lbrace.Line == set.Rbrace.Line {
		text := " " + attr + render("", "")
		if src[lb] != ' ' {
			text += " "
		}
		return splice{lb, lb, text}
	}
	indent := f.lineIndent(set.Rbrace.Offset) + f.unit()
	e := f.skipSameLineTrivia(lb)
	nl := "\n"
	if e < len(src) && src[e] == '\r' {
		nl = "\r\n"
	}
	return splice{e, e, nl + indent + attr + render(indent, nl)}
}

// startsLine reports whether only blanks precede off on its line.
func (f *File) startsLine(off int) bool {
	for i := off - 1; i >= 0; i-- {
		switch f.src[i] {
		case ' ', '\t':
			continue
		case '\n':
			return true
		}
		return false
	}
	return true
}

// lineIndent is the leading blanks of the line holding off.
func (f *File) lineIndent(off int) string {
	ls := bytes.LastIndexByte(f.src[:off], '\n') + 1
	e := ls
	for e < len(f.src) && (f.src[e] == ' ' || f.src[e] == '\t') {
		e++
	}
	return string(f.src[ls:e])
}

// indentIn is the indentation for a new binding in b: the anchor's, else a
// sibling's that starts a line, else one unit more than the brace's line.
func (f *File) indentIn(b *block, anchor *Binding) string {
	if off := anchor.Pos().Offset; f.startsLine(off) {
		return f.lineIndent(off)
	}
	for _, e := range b.entries {
		if off := e.bind.Pos().Offset; f.startsLine(off) {
			return f.lineIndent(off)
		}
	}
	return f.lineIndent(b.set.Lbrace.Offset) + f.unit()
}

// newline is the file's line ending.
func (f *File) newline() string {
	if i := bytes.IndexByte(f.src, '\n'); i > 0 && f.src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// unit guesses one level of indentation from the first set that has a
// binding on a line of its own.
func (f *File) unit() string {
	for _, b := range f.blocks {
		outer := f.lineIndent(b.set.Lbrace.Offset)
		for _, e := range b.entries {
			off := e.bind.Pos().Offset
			if !f.startsLine(off) {
				continue
			}
			in := f.lineIndent(off)
			if len(in) > len(outer) && strings.HasPrefix(in, outer) {
				return in[len(outer):]
			}
		}
	}
	return "  "
}
