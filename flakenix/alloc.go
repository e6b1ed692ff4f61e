package flakenix

// Parsing a flake allocates tens of thousands of small nodes; taking them
// from slabs instead of one by one roughly halves the parse time (the
// parse-speed target is 50 MB/s).

type slab[T any] struct{ buf []T }

func (s *slab[T]) alloc() *T {
	if len(s.buf) == cap(s.buf) {
		s.buf = make([]T, 0, 128)
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
	ents     slab[attrEnt]
	trees    slab[attrTree]

	nodes []Node
	stack []Node // scratch for child lists being built, shared by recursion
}

// list copies stack[mark:] into a right-sized slice and pops it.
func (a *arena) list(mark int) []Node {
	n := len(a.stack) - mark
	if n == 0 {
		return nil
	}
	if cap(a.nodes)-len(a.nodes) < n {
		a.nodes = make([]Node, 0, max(512, n))
	}
	l := a.nodes[len(a.nodes) : len(a.nodes)+n : len(a.nodes)+n]
	a.nodes = a.nodes[:len(a.nodes)+n]
	copy(l, a.stack[mark:])
	clear(a.stack[mark:])
	a.stack = a.stack[:mark]
	return l
}
