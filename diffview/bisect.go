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
	x, y, met := s.search(m)
	if !met {
		// No common line on any path: everything changed.
		m.out = append(m.out, op{opDelete, a0, b0, a1 - a0}, op{opInsert, a1, b0, b1 - b0})
		return
	}
	m.split(a0, a1, b0, b1, x, y)
}

// search takes the steps until the walks meet at (x, y), relative to the
// corner of a and b; met is false when they do not. At step lockAt of a
// bisection of at least forkAt lines, when a core is free, a partner
// goroutine is started; once it runs, the walks go on in lockstep.
func (s *bisection) search(m *myers) (x, y int, met bool) {
	var p *partner // it holds one of m.cores
	defer func() {
		if p != nil {
			p.leave()
			m.cores.give()
		}
	}()
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
			return s.lockstep(m, p, d)
		}
		if x, y, met = s.step(m, d); met {
			return x, y, true
		}
	}
	return 0, 0, false
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
func (s *bisection) forward(d int) (x, y int, met bool) {
	a, b, n, k := s.a, s.b, s.n, s.k
	v1, v2, off := s.v1, s.v2, s.off
	kstart, kend := s.k1start, s.k1end
	for k1 := -d + kstart; k1 <= d-kend; k1 += 2 {
		i := off + k1
		// The further of the two neighbouring diagonals: down from
		// diagonal k+1 or right from k-1. At k=-d the diagonal below
		// holds -1 and at k=d the one above does, so max takes the only
		// neighbour there.
		x1 := int(max(v1[i-1]+1, v1[i+1]))
		y1 := x1 - k1
		for x1 < n && y1 < k && a[x1] == b[y1] {
			x1++
			y1++
		}
		v1[i] = int32(x1)
		switch {
		case x1 > n:
			kend += 2
		case y1 > k:
			kstart += 2
		case s.front:
			// Has the backward walk reached diagonal kk, and passed x1?
			if kk := s.delta - k1; kk >= -d-1 && kk <= d+1 && kk >= -s.maxD && kk < s.maxD && v2[off+kk] != -1 && x1 >= n-int(v2[off+kk]) {
				s.k1start, s.k1end = kstart, kend
				return x1, y1, true
			}
		}
	}
	s.k1start, s.k1end = kstart, kend
	return 0, 0, false
}

// backward takes step d of the backward walk. With an even delta it
// reports the first diagonal (from -d up) where the path passes the
// forward path on the same diagonal.
func (s *bisection) backward(d int) (x, y int, met bool) {
	a, b, n, k := s.a, s.b, s.n, s.k
	v1, v2, off := s.v1, s.v2, s.off
	kstart, kend := s.k2start, s.k2end
	for k2 := -d + kstart; k2 <= d-kend; k2 += 2 {
		i := off + k2
		x2 := int(max(v2[i-1]+1, v2[i+1]))
		y2 := x2 - k2
		for x2 < n && y2 < k && a[n-x2-1] == b[k-y2-1] {
			x2++
			y2++
		}
		v2[i] = int32(x2)
		switch {
		case x2 > n:
			kend += 2
		case y2 > k:
			kstart += 2
		case !s.front:
			if kk := s.delta - k2; kk >= -d-1 && kk <= d+1 && kk >= -s.maxD && kk < s.maxD && v1[off+kk] != -1 {
				x1 := int(v1[off+kk])
				if x1 >= n-x2 {
					s.k2start, s.k2end = kstart, kend
					return x1, x1 - kk, true
				}
			}
		}
	}
	s.k2start, s.k2end = kstart, kend
	return 0, 0, false
}
