package flakenix

import (
	"bytes"

	"github.com/flake-unify/flake-unify/diag"
)

// Node is a node of the syntax tree. Every node spans a contiguous run of
// tokens; trivia between a node's children belong to the node, trivia before
// the first and after the last significant token belong to the Root.
type Node interface {
	// Pos is where the node's first token starts; End is just past its last.
	Pos() diag.Pos
	End() diag.Pos
	base() *span
}

// span is kept small: a flake has tens of thousands of nodes and their
// size is most of the parse's cost. It holds the node's token range and a
// pointer to the tokens and line table of the source it was parsed from;
// offsets, lines and columns are computed from those when asked for.
type span struct {
	sf     *source
	t0, t1 int32 // token indices [t0, t1)
}

// source is what every node of one parse shares: the tokens and the
// offsets at which lines start.
type source struct {
	toks  []token
	lines []int32
}

func newSource(src []byte, toks []token) *source {
	lines := make([]int32, 1, 1+bytes.Count(src, nl))
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		lines = append(lines, int32(i))
	}
	return &source{toks: toks, lines: lines}
}

var nl = []byte{'\n'}

// pos is the position of byte offset off: columns count bytes, and only
// '\n' ends a line (as in diag.PosOf).
func (sf *source) pos(off int32) diag.Pos {
	lo, hi := 0, len(sf.lines)-1
	for lo < hi { // the last line start <= off
		mid := int(uint(lo+hi+1) >> 1)
		if sf.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return diag.Pos{Line: lo + 1, Col: int(off-sf.lines[lo]) + 1, Offset: int(off)}
}

func (s *span) Pos() diag.Pos {
	if s.sf == nil {
		return diag.Pos{}
	}
	return s.sf.pos(s.sf.toks[s.t0].off)
}

func (s *span) End() diag.Pos {
	if s.sf == nil {
		return diag.Pos{}
	}
	return s.sf.pos(s.sf.toks[s.t1].off)
}

// off and end are the byte offsets of Pos and End.
func (s *span) off() int { return int(s.sf.toks[s.t0].off) }
func (s *span) end() int { return int(s.sf.toks[s.t1].off) }

func (s *span) base() *span { return s }

// Root is the whole file: leading trivia, the expression, trailing trivia.
type Root struct {
	span
	X Node
}

// Ident is a variable reference, including true, false, null and __curPos.
type Ident struct {
	span
	Name string
}

// Literal is a number, URI or <search path>; Raw is its source text.
type Literal struct {
	span
	Kind LiteralKind
	Raw  string
}

type LiteralKind uint8

const (
	IntLit LiteralKind = iota
	FloatLit
	URILit
	SearchPathLit
)

// String is a double-quoted or an indented string. Parts alternate freely between *Text and
// *Interp.
type String struct {
	span
	Indented bool
	Parts    []Node
}

// Text is a run of literal string or path characters, still escaped.
type Text struct {
	span
	Raw string
}

// Interp is ${ X }, in a string, a path or an attribute name.
type Interp struct {
	span
	X Node
}

// Path is a path literal; Parts are *Text and *Interp.
type Path struct {
	span
	Parts []Node
}

// Paren is ( X ).
type Paren struct {
	span
	X Node
}

// AttrSet is { … }, rec { … }, or the legacy let { … }.
type AttrSet struct {
	span
	Rec       bool
	LegacyLet bool
	Binds     []Node // *Binding or *Inherit
	Lbrace    diag.Pos
	Rbrace    diag.Pos

	attrs *attrTree // static attribute names, for duplicate checks
}

// Binding is attrpath = Value;
type Binding struct {
	span
	Path  *AttrPath
	Value Node
}

// Inherit is inherit [(From)] Names…;
type Inherit struct {
	span
	From  Node // nil without (…)
	Names []Node
}

// AttrPath is a.b."c".${d}; each element is *Ident (also for "or"),
// *String or *Interp.
type AttrPath struct {
	span
	Attrs []Node
}

// List is [ … ].
type List struct {
	span
	Elems []Node
}

// Select is X.path or X.path or Default.
type Select struct {
	span
	X       Node
	Path    *AttrPath
	Default Node
}

// HasAttr is X ? path.
type HasAttr struct {
	span
	X    Node
	Path *AttrPath
}

// Apply is function application, Fn Arg. Nix's "f or" (the variable named
// or as an argument) is an Apply whose Arg is an *Ident named "or".
type Apply struct {
	span
	Fn, Arg Node
}

// Unary is !X or -X.
type Unary struct {
	span
	Op string
	X  Node
}

// Binary is X Op Y, for every infix operator including |> and <|.
type Binary struct {
	span
	Op   string
	X, Y Node
}

type If struct {
	span
	Cond, Then, Else Node
}

// Let is let Binds in Body.
type Let struct {
	span
	Binds []Node
	Body  Node

	attrs *attrTree
}

type With struct {
	span
	Env, Body Node
}

type Assert struct {
	span
	Cond, Body Node
}

// Lambda is Param: Body, {formals}: Body, {formals}@Param: Body or
// Param@{formals}: Body. Formals is nil for a plain Param.
type Lambda struct {
	span
	Param   *Ident
	Formals *Formals
	Body    Node
}

// Formals is { a, b ? default, ... }.
type Formals struct {
	span
	List     []*Formal
	Ellipsis bool
}

type Formal struct {
	span
	Name    *Ident
	Default Node
}

// children lists a node's direct children in source order; the printer and
// the tree checks rely on that order.
func children(n Node) []Node {
	var out []Node
	add := func(ns ...Node) {
		for _, c := range ns {
			if c != nil && !isNilNode(c) {
				out = append(out, c)
			}
		}
	}
	switch n := n.(type) {
	case *Root:
		add(n.X)
	case *String:
		add(n.Parts...)
	case *Interp:
		add(n.X)
	case *Path:
		add(n.Parts...)
	case *Paren:
		add(n.X)
	case *AttrSet:
		add(n.Binds...)
	case *Binding:
		add(n.Path, n.Value)
	case *Inherit:
		add(n.From)
		add(n.Names...)
	case *AttrPath:
		add(n.Attrs...)
	case *List:
		add(n.Elems...)
	case *Select:
		add(n.X, n.Path, n.Default)
	case *HasAttr:
		add(n.X, n.Path)
	case *Apply:
		add(n.Fn, n.Arg)
	case *Unary:
		add(n.X)
	case *Binary:
		add(n.X, n.Y)
	case *If:
		add(n.Cond, n.Then, n.Else)
	case *Let:
		add(n.Binds...)
		add(n.Body)
	case *With:
		add(n.Env, n.Body)
	case *Assert:
		add(n.Cond, n.Body)
	case *Lambda:
		// The parameter may come before or after the formals.
		if n.Param != nil && n.Formals != nil && n.Formals.t0 < n.Param.t0 {
			add(n.Formals, n.Param)
		} else {
			add(n.Param)
			if n.Formals != nil {
				add(n.Formals)
			}
		}
		add(n.Body)
	case *Formals:
		for _, f := range n.List {
			add(f)
		}
	case *Formal:
		add(n.Name, n.Default)
	}
	return out
}

// isNilNode catches typed nil pointers stored in a Node field.
func isNilNode(n Node) bool {
	switch n := n.(type) {
	case *AttrPath:
		return n == nil
	case *Ident:
		return n == nil
	case *Formals:
		return n == nil
	}
	return false
}

// Walk calls fn for n and, while fn returns true, for its descendants in
// source order.
func Walk(n Node, fn func(Node) bool) {
	if !fn(n) {
		return
	}
	for _, c := range children(n) {
		Walk(c, fn)
	}
}
