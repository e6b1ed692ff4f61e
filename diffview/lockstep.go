package diffview

import (
	"sync/atomic"
	"time"
)

// A long bisection walks its backward paths on a second goroutine, in
// lockstep with the forward walk on the first. The two walks only look at
// each other's diagonals of one parity, the one the other walk wrote a
// step before. With an odd delta, forward step d reads the diagonals
// backward step d-1 wrote, and backward step d writes the others: both
// take step d at once. With an even delta, backward step d reads what
// forward step d wrote, so it runs beside forward step d+1. After every
// step each waits for the other, so the walks meet at the step and
// diagonal the sequential search finds. The waits spin: a step takes
// microseconds, less than parking and waking a goroutine. A wait longer
// than the sharing's patience means the other goroutine's thread was not
// running: a hiccup once, a busy machine when it happens twice in a row,
// and then the lockstep ends and this goroutine walks on alone. (The
// partner, which spins on a core of its own, waits for a step eight
// times as long before it leaves.)

// lateSteps is how many late answers in a row end a lockstep.
const lateSteps = 2

// lockstep takes the steps from d0 on together with p, until they meet or
// p is not there in time; then it walks on alone.
func (s *bisection) lockstep(m *myers, p *partner, d0 int) (x, y int, met bool) {
	late := 0 // answers in a row that came after the patience
	if s.front {
		for d := d0; d < s.maxD; d++ {
			s.reach(m, d)
			if !p.give(d) {
				return s.walk(m, d)
			}
			x, y, met = s.forward(d)
			onTime := p.wait(d, m.patience)
			if met {
				return x, y, true
			}
			if late = next(late, onTime); late == lateSteps {
				return s.walk(m, d+1)
			}
		}
		return 0, 0, false
	}
	s.reach(m, d0)
	s.forward(d0) // with an even delta the forward walk does not meet
	for d := d0; d < s.maxD; d++ {
		more := d+1 < s.maxD
		if more {
			s.reach(m, d+1)
		}
		if !p.give(d) {
			// Alone from backward step d on.
			if x, y, met = s.backward(d); met || !more {
				return x, y, met
			}
			return s.walk(m, d+1)
		}
		if more {
			s.forward(d + 1)
		}
		onTime := p.wait(d, m.patience)
		if p.met {
			return p.x, p.y, true
		}
		if !more {
			return 0, 0, false
		}
		if late = next(late, onTime); late == lateSteps {
			// Alone from backward step d+1 on.
			if x, y, met = s.backward(d + 1); met {
				return x, y, true
			}
			return s.walk(m, d+2)
		}
	}
	return 0, 0, false
}

// next counts late answers in a row.
func next(late int, onTime bool) int {
	if onTime {
		return 0
	}
	return late + 1
}

// partner takes the backward steps of a bisection on a goroutine of its
// own, and then, if handed it (see split), the second half of the
// bisection's split: its thread is awake, where a new goroutine's might
// first have to be woken.
type partner struct {
	s        *bisection // set before the first step is given
	patience time.Duration
	first    time.Duration // the wait for the first step
	// work is the step the partner is to take: the walker moves it on
	// from the step it gave last (given); the partner, having waited
	// longer than patience, leaves by moving it to gone.
	work  atomic.Int64
	given int64
	done  atomic.Int64 // the step last taken
	// ping has a token after each step, for a walker that stopped
	// spinning and waits for it.
	ping chan struct{}
	// job is what the partner runs instead of a next step, when work is
	// handed.
	job     func()
	started atomic.Bool
	x, y    int  // where the last step met the forward walk
	met     bool // whether it did
}

const (
	none   = -1 // no step given yet
	gone   = -2 // the partner has left, or is to leave
	handed = -3 // the partner is to run job and leave
)

// startPartner starts a partner for bisection s, or, with s nil, one
// that waits up to first for a bisection to take it (see warm). patience
// is the walker's; the partner waits eight times as long for a step.
func startPartner(s *bisection, patience, first time.Duration) *partner {
	p := &partner{s: s, patience: 8 * patience, first: max(first, 8*patience), given: none, ping: make(chan struct{}, 1)}
	p.work.Store(none)
	p.done.Store(none)
	go p.run()
	return p
}

func (p *partner) run() {
	p.started.Store(true)
	for last, wait := int64(none), p.first; ; wait = p.patience {
		var d int64
		if !spinFor(wait, func() bool { d = p.work.Load(); return d != last }) {
			if p.work.CompareAndSwap(last, gone) {
				return
			}
			d = p.work.Load()
		}
		switch d {
		case gone:
			return
		case handed:
			p.job()
			return
		}
		p.x, p.y, p.met = p.s.backward(int(d))
		p.done.Store(d)
		select {
		case p.ping <- struct{}{}:
		default:
		}
		last = d
	}
}

// running reports whether the partner's goroutine has started: until it
// has, the walker goes on alone.
func (p *partner) running() bool { return p.started.Load() }

// give hands backward step d to the partner, unless it has left.
func (p *partner) give(d int) bool {
	if !p.work.CompareAndSwap(p.given, int64(d)) {
		return false
	}
	p.given = int64(d)
	return true
}

// wait returns once the partner has taken step d; onTime is false when
// that took longer than patience.
func (p *partner) wait(d int, patience time.Duration) (onTime bool) {
	if spinFor(patience, func() bool { return p.done.Load() == int64(d) }) {
		return true
	}
	for p.done.Load() != int64(d) {
		<-p.ping
	}
	return false
}

// hand has the partner run job instead of another step, and then
// return, unless it has left; it has no step in hand.
func (p *partner) hand(job func()) bool {
	p.job = job
	return p.work.CompareAndSwap(p.given, handed)
}

// leave tells the partner to return; it has no step in hand.
func (p *partner) leave() { p.work.Store(gone) }

// spinFor asks ready again and again, for up to patience.
func spinFor(patience time.Duration, ready func() bool) bool {
	var start time.Time
	for i := 1; ; i++ {
		if ready() {
			return true
		}
		if i%256 == 0 {
			switch {
			case start.IsZero():
				start = time.Now()
			case time.Since(start) > patience:
				return false
			}
		}
	}
}
