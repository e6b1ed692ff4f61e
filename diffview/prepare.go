package diffview

import (
	"runtime"
	"sync/atomic"
)

// A diff's first steps on the old file, cutting it into lines and
// numbering them, need nothing of the new file. A caller that has the old
// file well before the new one (plan reads flake.lock milliseconds before
// the planner has written the new lock) can have them taken on another
// core in the meantime.

// Old is a file a diff will start from, cut into lines and numbered ahead
// of the diff on another goroutine. It serves one diff: Unified hands the
// numbers of its lines to the diff, which adds the new file's lines to
// them.
type Old struct {
	data []byte
	// ready is closed once f and classes are set; nil when nothing is
	// prepared. classes is nil when old has more distinct lines than a
	// diff may number.
	ready   chan struct{}
	f       file // every line numbered
	classes *classes
	used    atomic.Bool
}

// Prepare starts cutting old into lines and numbering them for
// Old.Unified, on another goroutine, when Go may run more than one at
// once and old is long enough to gain by it (else Old.Unified does it all,
// as Unified does). old must not be changed afterwards.
func Prepare(old []byte) *Old {
	if len(old) < prepareBytes || runtime.GOMAXPROCS(0) < 2 {
		return &Old{data: old}
	}
	return prepare(old, maxClasses)
}

// prepareBytes is the size from which preparing is worth a goroutine:
// about where a diff is long enough to share (see warmBytes), half of it
// being the old file.
const prepareBytes = warmBytes / 2

// prepare starts preparing old, numbering at most limit distinct lines.
func prepare(old []byte, limit int) *Old {
	o := &Old{data: old, ready: make(chan struct{})}
	go func() {
		defer close(o.ready)
		o.f = cut(old)
		n := o.f.lines()
		// Room for the new file's lines too, which the diff adds: a lock
		// repeats most of its lines, and its new version is about as long.
		cl := newClasses(&o.f, nil, 2*n)
		o.f.class = make([]int32, n)
		for i := range n {
			c, ok := cl.of(int32(i), limit)
			if !ok {
				return
			}
			o.f.class[i] = c
		}
		o.classes = cl
	}()
	return o
}

// Unified is Unified(oldName, newName, old, new) for the old file o was
// prepared from, and gives the same diff. The first call uses what was
// prepared (waiting for it if need be); any later one diffs from scratch.
func (o *Old) Unified(oldName, newName string, new []byte) []byte {
	return unified(oldName, newName, o.data, new, o.take())
}

// Bytes is the file o was prepared from.
func (o *Old) Bytes() []byte { return o.data }

// take returns o for its first diff once it is prepared, else nil.
func (o *Old) take() *Old {
	if o.ready == nil || o.used.Swap(true) {
		return nil
	}
	<-o.ready
	if o.classes == nil {
		return nil
	}
	return o
}
