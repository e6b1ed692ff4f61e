package flakenix

import "bytes"

// Print returns the source text of n by walking the tree: the tokens
// between a node's children come from the node itself, the rest from its
// children, recursively. For the Root this gives back the whole input; a
// mismatch would mean the tree lost or reordered bytes.
func (f *File) Print(n Node) []byte {
	var buf bytes.Buffer
	buf.Grow(len(f.src))
	f.print(&buf, n)
	return buf.Bytes()
}

func (f *File) print(buf *bytes.Buffer, n Node) {
	s := n.base()
	i := s.t0
	for _, c := range children(n) {
		cs := c.base()
		if cs.t0 < i || cs.t1 > s.t1 {
			panic("flakenix: child tokens outside their parent's span")
		}
		f.emit(buf, i, cs.t0)
		f.print(buf, c)
		i = cs.t1
	}
	f.emit(buf, i, s.t1)
}

func (f *File) emit(buf *bytes.Buffer, from, to int32) {
	if from < to {
		buf.Write(f.src[f.toks[from].off:f.toks[to].off])
	}
}
