package flakenix

import (
	"bytes"
	"sort"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
)

// Directive is a `# flake-unify: …` comment attached to an input
// declaration. flakenix only finds and attaches them; what the words mean
// is for the caller to decide.
//
// A comment is a directive when its text, after the comment marker and any
// blanks, starts with "flake-unify:" (lower case, no blank before the
// colon). Both spellings of a line comment count, "# flake-unify: keep"
// and "#flake-unify:keep", because a person typing either means the same
// thing. A block comment counts when it opens and closes on one line:
// "/* flake-unify: keep */". A block comment that spans lines never counts,
// since which line it would belong to is anyone's guess.
//
// A directive attaches to the input a binding declares when it sits on the
// first or last line of that binding, or alone (nothing but blanks and
// other comments) on the line just above the binding's first line. A
// binding declares the deepest input its full path names:
// inputs.foo.url = …; and foo = { … }; inside inputs = { … } declare foo,
// inputs.foo.inputs.nixpkgs.follows = …; declares foo/nixpkgs, and so does
// inputs.nixpkgs.follows = …; written inside foo = { … }. A comment on a
// line holding several such bindings attaches to each of their inputs; a
// comment two lines above a binding attaches to nothing.
//
// Edits keep directives where they are: SetFollows and AddInput never
// move one to another input, and DropFollows removes the directives beside
// or alone above the declaration it removes, rather than leave them to the
// binding that comes next; a drop that would still hand a directive to
// another input is refused.
type Directive struct {
	Text string   // what follows "flake-unify:" in the comment, trimmed, e.g. "keep"
	Pos  diag.Pos // position of the comment's '#' (or the '/' of "/*")
}

const directiveMark = "flake-unify:"

// directiveText reads a comment token's text: the directive's words and
// whether it is one.
func directiveText(k kind, text []byte) (string, bool) {
	switch k {
	case tLineComment:
		text = text[1:]
	case tBlockComment:
		if bytes.IndexByte(text, '\n') >= 0 {
			return "", false
		}
		text = text[2 : len(text)-2]
	default:
		return "", false
	}
	s := strings.TrimLeft(string(text), " \t")
	rest, ok := strings.CutPrefix(s, directiveMark)
	if !ok {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// pendingDirective is a directive found in the tokens, before it is
// attached to the inputs it belongs to.
type pendingDirective struct {
	Directive
	alone bool // nothing but blanks and comments share its line
}

// findDirectives collects the directive comments of the file. Most files
// have none, and then the view is built without any of the work below.
func (f *File) findDirectives() {
	var sf *source
	for i, t := range f.toks {
		if t.kind != tLineComment && t.kind != tBlockComment {
			continue
		}
		text := f.src[t.off:f.toks[i+1].off]
		if !bytes.Contains(text, []byte(directiveMark)) {
			continue
		}
		words, ok := directiveText(t.kind, text)
		if !ok {
			continue
		}
		if sf == nil {
			sf = f.root.sf
		}
		f.directives = append(f.directives, pendingDirective{
			Directive: Directive{Text: words, Pos: sf.pos(t.off)},
			alone:     f.aloneOnLine(i),
		})
	}
}

// aloneOnLine reports whether token i shares its line only with trivia.
// Trivia tokens that hold a newline bound the line on either side.
func (f *File) aloneOnLine(i int) bool {
	text := func(j int) []byte { return f.src[f.toks[j].off:f.toks[j+1].off] }
	for j := i - 1; j >= 0; j-- {
		if !f.toks[j].kind.trivia() {
			return false
		}
		if bytes.IndexByte(text(j), '\n') >= 0 {
			break
		}
	}
	for j := i + 1; f.toks[j].kind != tEOF; j++ {
		if !f.toks[j].kind.trivia() {
			return false
		}
		if bytes.IndexByte(text(j), '\n') >= 0 {
			break
		}
	}
	return true
}

// attachDirectives gives in the directives that belong to bind, one of the
// bindings declaring it.
func (f *File) attachDirectives(in *Input, bind *Binding) {
	first := bind.Pos().Line
	last := bind.sf.pos(bind.sf.toks[bind.t1-1].off).Line
	for _, d := range f.directives {
		l := d.Pos.Line
		if l == first || l == last || d.alone && l == first-1 {
			in.addDirective(d.Directive)
		}
	}
}

// addDirective keeps in.Directives in source order without duplicates
// (two bindings of one input on the same line find the same comment).
func (in *Input) addDirective(d Directive) {
	i := len(in.Directives)
	for i > 0 && in.Directives[i-1].Pos.Offset >= d.Pos.Offset {
		if in.Directives[i-1].Pos.Offset == d.Pos.Offset {
			return
		}
		i--
	}
	in.Directives = append(in.Directives, Directive{})
	copy(in.Directives[i+1:], in.Directives[i:])
	in.Directives[i] = d
}

// Directives returns every directive comment in the file, in source
// order, whether or not it is attached to an input: a caller can tell a
// person about a directive that applies to nothing.
func (f *File) Directives() []Directive {
	out := make([]Directive, len(f.directives))
	for i, d := range f.directives {
		out[i] = d.Directive
	}
	return out
}

// loneDirectivesAbove extends a removal that starts at off, the start of
// a line, over the lines just above it that hold nothing but a directive.
// Such a directive belongs to the declaration being removed; left behind,
// it would slide onto whatever binding comes next.
func (f *File) loneDirectivesAbove(off int) int {
	for off > 0 {
		prev := bytes.LastIndexByte(f.src[:off-1], '\n') + 1 // start of the line above
		found := false
		for _, d := range f.directives {
			if d.alone && d.Pos.Offset >= prev && d.Pos.Offset < off && f.wholeLines(prev, off) {
				found = true
				break
			}
		}
		if !found {
			return off
		}
		off = prev
	}
	return off
}

// wholeLines reports whether src[from:to] can go without cutting a token:
// the tokens covering its first and last bytes start and end inside it or
// are blanks (a comment that runs on into a neighbouring line cannot be cut).
func (f *File) wholeLines(from, to int) bool {
	at := func(off int) int { // the token holding byte off
		return sort.Search(len(f.toks), func(i int) bool { return int(f.toks[i].off) > off }) - 1
	}
	first, last := at(from), at(to-1)
	return (int(f.toks[first].off) == from || f.toks[first].kind == tSpace) &&
		(int(f.toks[last+1].off) == to || f.toks[last].kind == tSpace)
}

// trailingDirective is the end of a directive comment that follows the
// binding ending at end on its line (with the blanks before it), or end.
func (f *File) trailingDirective(end int) int {
	i := end
	for i < len(f.src) && (f.src[i] == ' ' || f.src[i] == '\t') {
		i++
	}
	for _, d := range f.directives {
		if d.Pos.Offset == i {
			if e := f.skipSameLineTrivia(i); e == len(f.src) || f.src[e] == '\n' || f.src[e] == '\r' {
				return e
			}
		}
	}
	return end
}
