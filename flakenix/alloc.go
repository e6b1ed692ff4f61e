package flakenix

import "unsafe"

// Parsing a flake allocates tens of thousands of small nodes; taking them
// from slabs instead of one by one roughly halves the parse time (the
// parse-speed target is 50 MB/s). The first slab of each node type is sized
// from the lexer's token counts (each kind of node needs a token of some
// kind), so a small flake allocates little and a large one few slabs.

type slab[T any] struct {
	buf  []T
	next int // capacity of the next slab
}

// maxChunk bounds every slab (in bytes). It stays below 32 KiB, the largest
// small-object size: the garbage collector scans large objects pointer by
// pointer. Chunks of at most 512 bytes (whose pointer bitmaps live in their
// spans) cost fewer instructions under callgrind, but twice the
// allocations; on real hardware 16 KiB chunks took about 15% less CPU per
// parse of the benchmark flake, and as little wall time or less.
const maxChunk = 16 << 10

func (s *slab[T]) alloc() *T {
	if len(s.buf) == cap(s.buf) {
		n := min(max(s.next, 8), maxChunk/int(unsafe.Sizeof(*new(T))))
		s.buf = make([]T, 0, n)
		s.next = 2 * n
	}
	s.buf = s.buf[:len(s.buf)+1]
	return &s.buf[len(s.buf)-1]
}

type arena struct {
	idents   slab[Ident]
	texts    slab[Text]
	strs     slab[String]
	paths    slab[AttrPath]
	binds    slab[Binding]
	selects  slab[Select]
	applies  slab[Apply]
	interps  slab[Interp]
	literals slab[Literal]
	binaries slab[Binary]
	sets     slab[AttrSet]
	parens   slab[Paren]
	lambdas  slab[Lambda]
	formals  slab[Formals]
	formal   slab[Formal]
	lists    slab[List]
	pathLits slab[Path]
	ifs      slab[If]
	unaries  slab[Unary]
	withs    slab[With]
	lets     slab[Let]
	asserts  slab[Assert]
	hasAttrs slab[HasAttr]
	inherits slab[Inherit]
	trees    slab[attrTree]

	nodes     []Node
	nodesNext int
	ents      []attrEnt
	entsNext  int
	stack     []Node    // scratch for child lists being built, shared by recursion
	fstack    []*Formal // the same for formals
}

// size sets the first slab sizes from the number of tokens of each kind.
// Counts that bound a node type exactly or closely are used as they are;
// the others are guesses, and a slab that runs out is followed by another.
func (a *arena) size(c *[tIllegal + 1]int32, ntoks int) {
	n := func(ks ...kind) int {
		s := 0
		for _, k := range ks {
			s += int(c[k])
		}
		return s
	}
	a.idents.next = n(tIdent, tOrKw)
	a.texts.next = n(tStrText, tIndText, tPath, tPathCont)
	a.strs.next = n(tStrOpen, tIndOpen)
	a.literals.next = n(tInt, tFloat, tURI, tSearchPath)
	a.interps.next = n(tDollarCurly, tPathInterp)
	a.binds.next = n(tAssign)
	a.paths.next = n(tAssign) + n(tDot)/4 + n(tQuestion)
	a.selects.next = n(tDot) / 4
	a.applies.next = n(tIdent) / 16
	a.binaries.next = n(tImpl, tOr, tAnd, tEq, tNEq, tLt, tGt, tLEq, tGEq, tUpdate, tPlus, tStar, tSlash, tConcat, tPipeFrom, tPipeInto)
	a.sets.next = n(tLBrace)
	a.parens.next = n(tLParen)
	a.lambdas.next = n(tColon)
	a.formals.next = n(tColon) / 2
	a.formal.next = n(tColon)
	a.lists.next = n(tLBrack)
	a.pathLits.next = n(tPath)
	a.ifs.next = n(tIf)
	a.unaries.next = n(tNot)
	a.withs.next = n(tWith)
	a.lets.next = n(tLet)
	a.asserts.next = n(tAssert)
	a.hasAttrs.next = n(tQuestion) / 2
	a.inherits.next = n(tInherit)
	a.trees.next = n(tLBrace) + n(tLet)
	a.nodesNext = max(ntoks/4, 16)
	a.entsNext = max(n(tAssign)+n(tInherit)*2, 16)
}

// list copies stack[mark:] into a right-sized slice and pops it.
func (a *arena) list(mark int) []Node {
	n := len(a.stack) - mark
	if n == 0 {
		return nil
	}
	if cap(a.nodes)-len(a.nodes) < n {
		a.nodes = make([]Node, 0, max(min(a.nodesNext, maxChunk/16), n))
	}
	l := a.nodes[len(a.nodes) : len(a.nodes)+n : len(a.nodes)+n]
	a.nodes = a.nodes[:len(a.nodes)+n]
	copy(l, a.stack[mark:])
	// Not cleared: the scratch dies with the parser, and everything it
	// still points to is in the tree anyway.
	a.stack = a.stack[:mark]
	return l
}

// entries returns an empty slice with room for n attribute entries; an
// append beyond n reallocates, so it never runs into a neighbour.
func (a *arena) entries(n int) []attrEnt {
	if n == 0 {
		return nil
	}
	if cap(a.ents)-len(a.ents) < n {
		a.ents = make([]attrEnt, 0, max(min(a.entsNext, maxChunk/int(unsafe.Sizeof(attrEnt{}))), n))
	}
	l := a.ents[len(a.ents) : len(a.ents) : len(a.ents)+n]
	a.ents = a.ents[:len(a.ents)+n]
	return l
}
