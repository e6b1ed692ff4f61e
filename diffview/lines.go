package diffview

import (
	"bytes"
	"hash/maphash"
)

// The files are never cut into strings: a file is its bytes and the offsets
// of its lines, and lines are compared by number once each distinct line of
// the part that differs has one. That keeps the diff of a 200 KB lock to a
// few flat arrays instead of a string header per line and a map key per
// distinct line.

// file is a file cut into lines: line i is data[at[i]:at[i+1]], with its
// "\n" except perhaps the last.
type file struct {
	data []byte
	at   []int
	// class numbers each line of the part that differs, so that equal
	// lines have equal numbers; the common head and tail have -1.
	class []int32
}

func cut(data []byte) file {
	n := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	at := make([]int, 0, n+1)
	for i := 0; i < len(data); {
		at = append(at, i)
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			i = len(data)
		} else {
			i += j + 1
		}
	}
	at = append(at, len(data))
	return file{data: data, at: at}
}

func (f *file) lines() int { return len(f.at) - 1 }

// unterminated: the last line has no "\n".
func (f *file) unterminated() bool { return len(f.data) > 0 && f.data[len(f.data)-1] != '\n' }

func (f *file) line(i int) []byte { return f.data[f.at[i]:f.at[i+1]] }

// same reports whether lines i and j of f are equal.
func (f *file) same(i, j int) bool {
	if ci, cj := f.class[i], f.class[j]; ci >= 0 && cj >= 0 {
		return ci == cj
	}
	return bytes.Equal(f.line(i), f.line(j))
}

// classes numbers distinct lines in the order they are first met: an open
// addressing table of class numbers, each class remembering its hash and
// the line it was first met on.
type classes struct {
	seed  maphash.Seed
	table []int32 // class+1; 0 is a free slot
	hash  []uint32
	first []int32 // lines of a, then lines of b
	a, b  *file
}

func newClasses(a, b *file, lines int) *classes {
	size := 64
	for size < lines/2 { // a lock repeats most of its lines
		size *= 2
	}
	return &classes{seed: maphash.MakeSeed(), table: make([]int32, size), a: a, b: b}
}

func (c *classes) len() int { return len(c.first) }

// line is line n of a followed by b.
func (c *classes) line(n int32) []byte {
	if k := int32(c.a.lines()); n >= k {
		return c.b.line(int(n - k))
	}
	return c.a.line(int(n))
}

// of returns the class of line n of a followed by b, numbering it if it is
// new; false when it is new and limit classes are numbered already.
func (c *classes) of(n int32, limit int) (int32, bool) {
	l := c.line(n)
	h := maphash.Bytes(c.seed, l)
	mask := uint64(len(c.table) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := c.table[i]
		if e == 0 {
			if len(c.first) >= limit {
				return 0, false
			}
			id := int32(len(c.first))
			c.first = append(c.first, n)
			c.hash = append(c.hash, uint32(h>>32))
			c.table[i] = id + 1
			if 2*len(c.first) > len(c.table) {
				c.grow()
			}
			return id, true
		}
		if c.hash[e-1] == uint32(h>>32) && bytes.Equal(c.line(c.first[e-1]), l) {
			return e - 1, true
		}
	}
}

// grow doubles the table; the probe start of a class is the hash bits the
// table size uses, which the stored high half does not have, so each
// class's line is hashed again.
func (c *classes) grow() {
	c.table = make([]int32, 2*len(c.table))
	mask := uint64(len(c.table) - 1)
	for id, n := range c.first {
		i := maphash.Bytes(c.seed, c.line(n)) & mask
		for c.table[i] != 0 {
			i = (i + 1) & mask
		}
		c.table[i] = int32(id) + 1
	}
}
