package diffview

// bisection is the search for the middle snake of a against b: at each
// step d one walk extends the furthest-reaching forward paths with d edits
// from the top left corner, the other the backward paths from the bottom
// right, until a forward path reaches past a backward one on the same
// diagonal.
type bisection struct {
	a, b  []int32
	n, k  int // len(a), len(b)
	maxD  int // the last step is maxD-1
	delta int // n-k: the diagonal the backward walk starts on
	// With an odd delta the forward walk meets the backward one, else the
	// backward walk meets the forward one.
	front bool
	// v1 and v2 are m's: the furthest x per diagonal k, forwards and
	// backwards, at v[off+k]. A diagonal no walk has reached holds -1: at
	// step d the walks read and write diagonals -d-1 to d+1 only, so those
	// are set to -1 as d grows (reach) instead of the whole range up front.
	v1, v2 []int32
	off    int
	// Diagonals that ran off the grid are not walked again.
	k1start, k1end, k2start, k2end int
}

// bisect finds the middle snake of a[a0:a1] against b[b0:b1] and diffs
// the two halves it splits into.
func (m *myers) bisect(a0, a1, b0, b1 int) {
	a, b := m.a[a0:a1], m.b[b0:b1]
	s := &bisection{a: a, b: b, n: len(a), k: len(b), maxD: (len(a) + len(b) + 1) / 2, delta: len(a) - len(b)}
	s.front = s.delta%2 != 0
	s.off, s.v1, s.v2 = len(m.v1)/2, m.v1, m.v2
	for _, v := range [][]int32{s.v1, s.v2} {
		v[s.off-1], v[s.off], v[s.off+1] = -1, -1, 0
	}
	x, y, met, p := s.search(m)
	if !met {
		m.release(p)
		// No common line on any path: everything changed.
		m.out = append(m.out, op{opDelete, a0, b0, a1 - a0}, op{opInsert, a1, b0, b1 - b0})
		return
	}
	m.split(a0, a1, b0, b1, x, y, p)
}

// search takes the steps until the walks meet at (x, y), relative to the
// corner of a and b; met is false when they do not. At step lockAt of a
// bisection of at least forkAt lines, when a core is free, a partner
// goroutine is started; once it runs, the walks go on in lockstep. The
// partner, if there was one, is returned with no step in hand, still
// holding its core: the halves may have work for it (see split).
func (s *bisection) search(m *myers) (x, y int, met bool, p *partner) {
	if m.warm != nil && s.n+s.k >= m.forkAt {
		// The partner started while the lines were being numbered:
		// its thread is running by now.
		p, m.warm = m.warm, nil
		p.s = s
	}
	for d := 0; d < s.maxD; d++ {
		if d == m.lockAt && p == nil && s.n+s.k >= m.forkAt && m.cores.take() {
			p = startPartner(s, m.patience, m.patience)
		}
		if p != nil && p.running() {
			x, y, met = s.lockstep(m, p, d)
			return x, y, met, p
		}
		if x, y, met = s.step(m, d); met {
			return x, y, true, p
		}
	}
	return 0, 0, false, p
}

// walk takes the steps from d on, on this goroutine alone.
func (s *bisection) walk(m *myers, d int) (x, y int, met bool) {
	for ; d < s.maxD; d++ {
		if x, y, met = s.step(m, d); met {
			return x, y, true
		}
	}
	return 0, 0, false
}

// step takes step d of both walks, forward first.
func (s *bisection) step(m *myers, d int) (x, y int, met bool) {
	s.reach(m, d)
	if x, y, met = s.forward(d); met {
		return x, y, true
	}
	return s.backward(d)
}

// reach readies diagonals -d-1 and d+1 for step d, growing m's arrays
// when they are too short. (Step 0 reads diagonals -1 and 1 as bisect set
// them.)
func (s *bisection) reach(m *myers, d int) {
	if d == 0 {
		return
	}
	if d+1 > s.off {
		m.grow(d + 1)
		s.off, s.v1, s.v2 = len(m.v1)/2, m.v1, m.v2
	}
	s.v1[s.off-d-1], s.v1[s.off+d+1] = -1, -1
	s.v2[s.off-d-1], s.v2[s.off+d+1] = -1, -1
}

// forward takes step d of the forward walk. With an odd delta it reports
// the first diagonal (from -d up) where the path passes the backward path
// on the same diagonal.
//
// The walks are written out four times, forwards and backwards, with and
// without the check for a meeting: they take most of a long diff's time,
// and loops that read no field of s and do not branch on the delta's
// parity run about 15% faster. Their snakes compare indexes as uint: one
// test covers both ends of a range, and the compiler drops its own.
func (s *bisection) forward(d int) (x, y int, met bool) {
	if !s.front {
		s.k1start, s.k1end = forwardOnly(s.a, s.b, s.v1[s.off-d-1:s.off+d+2], d, s.k1start, s.k1end)
		return 0, 0, false
	}
	a, b, n, k := s.a, s.b, s.n, s.k
	v1, v2, off := s.v1, s.v2, s.off
	// The backward walk's diagonal kk = delta-k1 was written by its step
	// d-1, or set to -1 when out of reach: diagonals -d-1 to d+1 (and
	// within the arrays' -maxD to maxD-1) hold one or the other.
	lo, hi := max(-d-1, -s.maxD), min(d+1, s.maxD-1)
	kstart, kend := s.k1start, s.k1end
	for k1 := -d + kstart; k1 <= d-kend; k1 += 2 {
		i := off + k1
		// The further of the two neighbouring diagonals: down from
		// diagonal k+1 or right from k-1. At k=-d the diagonal below
		// holds -1 and at k=d the one above does, so max takes the only
		// neighbour there.
		x1 := int(max(v1[i-1]+1, v1[i+1]))
		y1 := x1 - k1
		for uint(x1) < uint(len(a)) && uint(y1) < uint(len(b)) && a[x1] == b[y1] {
			x1++
			y1++
		}
		v1[i] = int32(x1)
		switch {
		case x1 > n:
			kend += 2
		case y1 > k:
			kstart += 2
		default:
			// Has the backward walk reached diagonal kk, and passed x1?
			if kk := s.delta - k1; kk >= lo && kk <= hi {
				if x2 := v2[off+kk]; x2 != -1 && x1 >= n-int(x2) {
					s.k1start, s.k1end = kstart, kend
					return x1, y1, true
				}
			}
		}
	}
	s.k1start, s.k1end = kstart, kend
	return 0, 0, false
}

// forwardOnly takes step d of the forward walk on v, diagonals -d-1 to
// d+1, when it cannot meet the backward walk (an even delta), and
// returns the new kstart and kend.
func forwardOnly(a, b []int32, v []int32, d, kstart, kend int) (int, int) {
	n, k := len(a), len(b)
	for k1 := -d + kstart; k1 <= d-kend; k1 += 2 {
		i := k1 + d + 1
		x := int(max(v[i-1]+1, v[i+1]))
		y := x - k1
		for uint(x) < uint(len(a)) && uint(y) < uint(len(b)) && a[x] == b[y] {
			x++
			y++
		}
		v[i] = int32(x)
		if x > n {
			kend += 2
		} else if y > k {
			kstart += 2
		}
	}
	return kstart, kend
}

// backward takes step d of the backward walk. With an even delta it
// reports the first diagonal (from -d up) where the path passes the
// forward path on the same diagonal.
func (s *bisection) backward(d int) (x, y int, met bool) {
	if s.front {
		s.k2start, s.k2end = backwardOnly(s.a, s.b, s.v2[s.off-d-1:s.off+d+2], d, s.k2start, s.k2end)
		return 0, 0, false
	}
	a, b, n, k := s.a, s.b, s.n, s.k
	v1, v2, off := s.v1, s.v2, s.off
	lo, hi := max(-d-1, -s.maxD), min(d+1, s.maxD-1)
	kstart, kend := s.k2start, s.k2end
	for k2 := -d + kstart; k2 <= d-kend; k2 += 2 {
		i := off + k2
		x2 := int(max(v2[i-1]+1, v2[i+1]))
		y2 := x2 - k2
		for p, q := n-x2-1, k-y2-1; uint(p) < uint(len(a)) && uint(q) < uint(len(b)) && a[p] == b[q]; p, q = p-1, q-1 {
			x2++
			y2++
		}
		v2[i] = int32(x2)
		switch {
		case x2 > n:
			kend += 2
		case y2 > k:
			kstart += 2
		default:
			if kk := s.delta - k2; kk >= lo && kk <= hi {
				if x1 := int(v1[off+kk]); x1 != -1 && x1 >= n-x2 {
					s.k2start, s.k2end = kstart, kend
					return x1, x1 - kk, true
				}
			}
		}
	}
	s.k2start, s.k2end = kstart, kend
	return 0, 0, false
}

// backwardOnly is forwardOnly for the backward walk (an odd delta).
func backwardOnly(a, b []int32, v []int32, d, kstart, kend int) (int, int) {
	n, k := len(a), len(b)
	for k2 := -d + kstart; k2 <= d-kend; k2 += 2 {
		i := k2 + d + 1
		x := int(max(v[i-1]+1, v[i+1]))
		y := x - k2
		for p, q := n-x-1, k-y-1; uint(p) < uint(len(a)) && uint(q) < uint(len(b)) && a[p] == b[q]; p, q = p-1, q-1 {
			x++
			y++
		}
		v[i] = int32(x)
		if x > n {
			kend += 2
		} else if y > k {
			kstart += 2
		}
	}
	return kstart, kend
}
