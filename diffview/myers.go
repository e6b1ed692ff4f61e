package diffview

// The line diff proper: Myers' O(N·D) algorithm with the middle snake
// (linear space), on line classes (ints) rather than text. It makes the
// choices go-diff's DiffMainRunes makes when run without a time limit —
// strip the common head and tail; take the shortcuts for an empty side,
// for one side contained in the other and for a single line; else find the
// middle snake, recurse on both halves and merge the result the way
// go-diff's DiffCleanupMerge does, including its shifting of an edit over
// an equal neighbour — so that it keeps the same lines as go-diff;
// TestMyersAgreesWithGoDiff checks that on random and real files, and
// TestMyersAgreesWithGoDiffOnPlans on the lock diffs plan prints. What it
// saves is go-diff's text: there every step turns runes into strings and
// back, and each bisection allocates its own diagonals; here one pair of
// diagonal arrays serves every bisection of a goroutine (growing with the
// deepest walk) and an edit is a range. With more than one core, the work
// is shared (share.go): the halves of a bisection go to two goroutines,
// and a long bisection walks forwards and backwards at once (lockstep.go);
// the steps and their order stay those of one goroutine.

type myers struct {
	a, b []int32 // line classes
	// v1 and v2 are the furthest-reaching x per diagonal k, forwards and
	// backwards, at v[len(v)/2+k]. They grow with the deepest bisection:
	// its walks reach diagonals up to about half the number of changed
	// lines, not the lengths of the files.
	v1, v2 []int32
	out    []op // the diff: each call of diff appends its part and tidies it
	sharing
	// warm is a partner started before the diff, for its first long
	// bisection; nil once taken.
	warm *partner
}

// newMyers prepares the diff of a and b.
func newMyers(a, b []int32, sh sharing) *myers {
	return &myers{a: a, b: b, v1: make([]int32, 2*64+1), v2: make([]int32, 2*64+1), sharing: sh}
}

type opKind int8

const (
	opEqual opKind = iota
	opDelete
	opInsert
)

// op is one step of a diff: n lines kept, deleted from a or inserted from
// b, starting at a[a] and b[b].
type op struct {
	kind opKind
	a, b int
	n    int
}

// lineDiff calls del for each line of a and ins for each line of b in a
// minimal set of lines to delete and to insert.
func lineDiff(a, b []int32, sh sharing, warm *partner, del, ins func(int)) {
	m := newMyers(a, b, sh)
	m.warm = warm
	m.run()
	for _, o := range m.out {
		switch o.kind {
		case opDelete:
			for i := o.a; i < o.a+o.n; i++ {
				del(i)
			}
		case opInsert:
			for j := o.b; j < o.b+o.n; j++ {
				ins(j)
			}
		}
	}
}

// run diffs all of a and b into m.out.
func (m *myers) run() {
	m.diff(0, len(m.a), 0, len(m.b))
	if m.warm != nil { // no bisection took it
		m.warm.leave()
		m.cores.give()
	}
}

// diff appends the diff of a[a0:a1] and b[b0:b1] to m.out.
func (m *myers) diff(a0, a1, b0, b1 int) {
	start := len(m.out)
	pa, pb := a0, b0
	for a0 < a1 && b0 < b1 && m.a[a0] == m.b[b0] {
		a0++
		b0++
	}
	sa := a1
	for a0 < a1 && b0 < b1 && m.a[a1-1] == m.b[b1-1] {
		a1--
		b1--
	}
	if a0 == a1 && b0 == b1 { // equal
		if a0 > pa {
			m.out = append(m.out, op{opEqual, pa, pb, sa - pa})
		}
		return
	}
	if a0 > pa {
		m.out = append(m.out, op{opEqual, pa, pb, a0 - pa})
	}
	m.compute(a0, a1, b0, b1)
	if a1 < sa {
		m.out = append(m.out, op{opEqual, a1, b1, sa - a1})
	}
	m.out = append(m.out[:start], m.cleanupMerge(m.out[start:])...)
}

// compute appends the diff of a[a0:a1] and b[b0:b1], which differ at
// both ends.
func (m *myers) compute(a0, a1, b0, b1 int) {
	switch {
	case a0 == a1:
		m.out = append(m.out, op{opInsert, a0, b0, b1 - b0})
		return
	case b0 == b1:
		m.out = append(m.out, op{opDelete, a0, b0, a1 - a0})
		return
	}
	// One side inside the other: the rest of the longer one is changed
	// (the edits around it may be empty).
	if a1-a0 > b1-b0 {
		if i := index(m.a[a0:a1], m.b[b0:b1]); i >= 0 {
			m.out = append(m.out, op{opDelete, a0, b0, i}, op{opEqual, a0 + i, b0, b1 - b0}, op{opDelete, a0 + i + (b1 - b0), b1, a1 - a0 - i - (b1 - b0)})
			return
		}
	} else if i := index(m.b[b0:b1], m.a[a0:a1]); i >= 0 {
		m.out = append(m.out, op{opInsert, a0, b0, i}, op{opEqual, a0, b0 + i, a1 - a0}, op{opInsert, a1, b0 + i + (a1 - a0), b1 - b0 - i - (a1 - a0)})
		return
	}
	if a1-a0 == 1 || b1-b0 == 1 {
		// A single line not found in the other side: all changed.
		m.out = append(m.out, op{opDelete, a0, b0, a1 - a0}, op{opInsert, a1, b0, b1 - b0})
		return
	}
	m.bisect(a0, a1, b0, b1)
}

// grow makes room in v1 and v2 for diagonals -w to w at least, keeping
// what they hold around their middle.
func (m *myers) grow(w int) {
	off := len(m.v1) / 2
	nOff := max(2*off, w)
	for _, v := range []*[]int32{&m.v1, &m.v2} {
		nv := make([]int32, 2*nOff+1)
		copy(nv[nOff-off:], *v)
		*v = nv
	}
}

// split diffs the two halves either side of the middle snake's point
// (x, y), relative to a0 and b0. p is the bisection's partner, or nil:
// it takes the second half when that is worth sharing, else leaves.
func (m *myers) split(a0, a1, b0, b1, x, y int, p *partner) {
	// The halves are independent: the second goes to another core when
	// there is one for it (the partner's, or a free one), with diagonals
	// of its own, and its part is appended after the first's, where the
	// sequential walk would have put it.
	if a1-a0+b1-b0 < m.forkAt || (p == nil && !m.cores.take()) {
		m.release(p)
		m.diff(a0, a0+x, b0, b0+y)
		m.diff(a0+x, a1, b0+y, b1)
		return
	}
	side := newMyers(m.a, m.b, m.sharing)
	done := make(chan struct{})
	job := func() {
		side.diff(a0+x, a1, b0+y, b1)
		m.cores.give()
		close(done)
	}
	// The partner's thread is running: handed the half, it starts at
	// once, where a new goroutine's thread may first have to be woken.
	// Once it has left, its core is free for a new goroutine.
	if p == nil || !p.hand(job) {
		go job()
	}
	m.diff(a0, a0+x, b0, b0+y)
	<-done
	m.out = append(m.out, side.out...)
}

// release sends a bisection's partner away, if there is one, and frees
// its core.
func (m *myers) release(p *partner) {
	if p != nil {
		p.leave()
		m.cores.give()
	}
}

// index returns the first position of short in long, or -1.
func index(long, short []int32) int {
	for i := 0; i+len(short) <= len(long); i++ {
		if long[i] == short[0] && equalFrom(long[i:], short) {
			return i
		}
	}
	return -1
}

func equalFrom(s, prefix []int32) bool {
	for j := range prefix {
		if s[j] != prefix[j] {
			return false
		}
	}
	return true
}

// text is the lines o covers.
func (m *myers) text(o op) []int32 {
	if o.kind == opInsert {
		return m.b[o.b : o.b+o.n]
	}
	return m.a[o.a : o.a+o.n]
}

// cleanupMerge tidies a diff as go-diff's DiffCleanupMerge does. First,
// the edits between two equalities become one deletion and one insertion
// (in that order) and adjacent equalities one; an edit that is empty stays
// where it is, as it does there. (That cleanup also moves a common head or
// tail of the merged deletion and insertion into the equalities around
// them; a minimal diff has none.) Then an edit between two equalities is
// shifted over the one before it when it ends with it, or over the one
// after it when it starts with it, merging two equalities into one; after
// any shift the whole cleanup runs again.
func (m *myers) cleanupMerge(ops []op) []op {
	ops = append(ops, op{kind: opEqual}) // a last equality to end the last group
	// The groups are rewritten in place: w, where the next op goes, never
	// passes r, the next op read, as a group of edits becomes at most one
	// deletion and one insertion.
	w := 0
	var first, del, ins op
	nd, ni := 0, 0
	for r := 0; r < len(ops); r++ {
		switch o := ops[r]; o.kind {
		case opDelete:
			if nd+ni == 0 {
				first = o
			}
			if nd == 0 {
				del = o
			} else {
				del.n += o.n
			}
			nd++
		case opInsert:
			if nd+ni == 0 {
				first = o
			}
			if ni == 0 {
				ins = o
			} else {
				ins.n += o.n
			}
			ni++
		case opEqual:
			switch {
			case nd+ni > 1:
				if nd > 0 {
					ops[w] = op{opDelete, first.a, first.b, del.n}
					w++
				}
				if ni > 0 {
					ops[w] = op{opInsert, first.a + del.n*min(nd, 1), first.b, ins.n}
					w++
				}
				ops[w] = o
				w++
			case nd+ni == 1:
				ops[w] = ops[r-1]
				ops[w+1] = o
				w += 2
			case w > 0 && ops[w-1].kind == opEqual:
				ops[w-1].n += o.n
			default:
				ops[w] = o
				w++
			}
			nd, ni = 0, 0
			del, ins = op{}, op{}
		}
	}
	ops = ops[:w]
	if ops[len(ops)-1].n == 0 {
		ops = ops[:len(ops)-1]
	}

	changed := false
	for p := 1; p < len(ops)-1; p++ {
		prev, next := ops[p-1], ops[p+1]
		if prev.kind != opEqual || next.kind != opEqual {
			continue
		}
		t := m.text(ops[p])
		switch {
		case hasSuffix(t, m.text(prev)):
			ops[p].a, ops[p].b = prev.a, prev.b
			ops[p+1].a -= prev.n
			ops[p+1].b -= prev.n
			ops[p+1].n += prev.n
			ops = append(ops[:p-1], ops[p:]...)
			changed = true
		case hasPrefix(t, m.text(next)):
			ops[p-1].n += next.n
			ops[p].a, ops[p].b = ops[p-1].a+ops[p-1].n, ops[p-1].b+ops[p-1].n
			ops = append(ops[:p+1], ops[p+2:]...)
			changed = true
		}
	}
	if changed {
		return m.cleanupMerge(ops)
	}
	return ops
}

func hasPrefix(s, prefix []int32) bool {
	return len(s) >= len(prefix) && equalFrom(s, prefix)
}

func hasSuffix(s, suffix []int32) bool {
	return len(s) >= len(suffix) && equalFrom(s[len(s)-len(suffix):], suffix)
}
