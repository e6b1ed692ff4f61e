package diffview

import (
	"runtime"
	"sync/atomic"
	"time"
)

// sharing says when a diff hands work to other goroutines, while cores
// has one free: the halves of a bisection of at least forkAt lines (both
// sides) go to one, and such a bisection that takes more than lockAt steps
// walks its backward paths on one, each goroutine waiting up to patience
// for the other after each step.
type sharing struct {
	forkAt, lockAt int
	patience       time.Duration
	cores          *cores
}

// share is how a diff shares: with every core Go may use. A bisection of
// fewer lines is over in microseconds, and so are its first steps; the
// patience is some ten steps of a long bisection.
func share() sharing {
	return sharing{forkAt: 512, lockAt: 16, patience: 50 * time.Microsecond, cores: newCores(runtime.GOMAXPROCS(0) - 1)}
}

// warm starts the partner of the first long bisection of a diff of files
// of size bytes (both), before they are cut into lines, when a core is
// free: a thread that has been idle takes a tenth of a millisecond or more
// to wake on some machines, as long as the first steps of the bisection
// take. It waits for its first step for up to warmup, spinning: by then
// the bisection has started or the diff is over (which sends it away).
func (sh sharing) warm(size int) *partner {
	if size < warmBytes || !sh.cores.take() {
		return nil
	}
	return startPartner(nil, sh.patience, warmup)
}

// warmBytes is the size of two files whose diff may well come to a long
// bisection: about as many lines as forkAt, twice.
const warmBytes = 32 << 10

const warmup = 2 * time.Millisecond

// cores counts the goroutines free to take a share of the work.
type cores struct{ free atomic.Int32 }

func newCores(n int) *cores {
	c := &cores{}
	c.free.Store(int32(n))
	return c
}

func (c *cores) take() bool {
	for {
		n := c.free.Load()
		if n <= 0 {
			return false
		}
		if c.free.CompareAndSwap(n, n-1) {
			return true
		}
	}
}

func (c *cores) give() { c.free.Add(1) }
