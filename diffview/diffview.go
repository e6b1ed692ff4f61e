// Package diffview renders the unified diff of a file before and after an
// edit, as `flake-unify plan` prints it and as the bot puts it into pull
// requests.
//
// The output is what `diff -u --label OLD --label NEW old new` writes (GNU
// diffutils): three lines of context, hunks closer than seven unchanged lines
// merged, `@@ -l,s +l,s @@` headers with GNU's conventions for empty and
// one-line ranges, and `\ No newline at end of file` markers. Lines are
// compared byte for byte; a CRLF line keeps its CR. The output applies with
// patch(1) and `git apply`.
//
// The line diff is Myers' algorithm making exactly the choices go-diff's
// implementation makes without a time limit (myers.go), so that it is
// minimal and deterministic, on the lines between the common
// head and tail that occur in both files (lines found in one file only are
// changed in any case). Its choice among equally small diffs is then
// normalised as GNU diff's shift_boundaries does: each run of changed lines
// is slid down as far as repeated lines allow, unless sliding it up joins
// it to a neighbouring change. The hunks then match `diff -u` except where
// two equally small diffs keep different lines (see
// TestAgainstGNUDiffAndPatch); both apply to the same result.
//
// Cost: linear in the file size plus Myers' O(N·D) on the lines in common,
// D being the number of changed lines; a 100,000-line flake.lock with a few
// hunks takes about 0.1 s. Many changes among much repeated lines (D in the
// tens of thousands) can take seconds, as there is no time limit.
package diffview

import (
	"bytes"
	"strconv"
)

// context is the number of unchanged lines shown around a change, as diff -u.
const context = 3

// Unified returns the unified diff that turns old into new, with the header
// lines "--- oldName" and "+++ newName" (for example "a/flake.lock" and
// "b/flake.lock"). It returns nil when old and new are equal.
func Unified(oldName, newName string, old, new []byte) []byte {
	return unified(oldName, newName, old, new, nil)
}

// unified is Unified, from old's lines as prep has them when it is not
// nil.
func unified(oldName, newName string, old, new []byte, prep *Old) []byte {
	if bytes.Equal(old, new) {
		return nil
	}
	s := compare(old, new, prep, maxClasses)
	cs := s.changes()
	var out bytes.Buffer
	out.Grow(len("--- \n+++ \n") + len(oldName) + len(newName) + s.size(cs))
	out.WriteString("--- ")
	out.WriteString(oldName)
	out.WriteString("\n+++ ")
	out.WriteString(newName)
	out.WriteByte('\n')
	s.writeHunks(&out, cs)
	return out.Bytes()
}

// Stat returns the number of lines the unified diff of old and new adds and
// removes (the numbers `git diff --stat` and diffstat show).
func Stat(old, new []byte) (added, removed int) {
	if bytes.Equal(old, new) {
		return 0, 0
	}
	s := compare(old, new, nil, maxClasses)
	for _, c := range s.ca {
		if c {
			removed++
		}
	}
	for _, c := range s.cb {
		if c {
			added++
		}
	}
	return added, removed
}

// script is a line diff: the lines of both files and, for each line, whether
// it is changed (deleted from a, inserted into b). Unchanged lines of a and b
// correspond in order.
type script struct {
	a, b   file
	ca, cb []bool // changed flags
}

// maxClasses is the number of distinct lines go-diff could diff (one valid,
// non-surrogate rune each); beyond it the middle is reported as replaced,
// as it always was.
const maxClasses = 0x110000 - 0x800

// compare computes the line diff of old and new, numbering at most limit
// distinct lines (maxClasses but in tests). With prep, old's lines are
// the ones prep cut and numbered.
func compare(old, new []byte, prep *Old, limit int) *script {
	// A long line diff starts its partner first (see warm), while the
	// lines are cut and numbered.
	sh := share()
	warm := sh.warm(len(old) + len(new))
	s := &script{b: cut(new)}
	if prep != nil {
		s.a = prep.f
	} else {
		s.a = cut(old)
	}
	na, nb := s.a.lines(), s.b.lines()
	// One block for the flags of both files.
	flags := make([]bool, na+nb)
	s.ca, s.cb = flags[:na:na], flags[na:]

	// Common leading and trailing lines are left out of the diff proper
	// (normalise may still slide changes over them); that keeps the work
	// proportional to the part between the first and the last change.
	pre := 0
	for pre < na && pre < nb && bytes.Equal(s.a.line(pre), s.b.line(pre)) {
		pre++
	}
	suf := 0
	for suf < na-pre && suf < nb-pre && bytes.Equal(s.a.line(na-1-suf), s.b.line(nb-1-suf)) {
		suf++
	}

	// Each distinct line of the middle part gets a class number; the head
	// and tail get -1. (With prep, every line of old has its number
	// already, the head and tail's too; a number is only ever compared
	// with another.)
	var classes *classes
	if prep != nil {
		classes = prep.classes
		classes.b = &s.b
		s.b.class = make([]int32, nb)
	} else {
		cls := make([]int32, na+nb)
		s.a.class, s.b.class = cls[:na:na], cls[na:]
		classes = newClasses(&s.a, &s.b, na+nb-2*(pre+suf))
	}
	encode := func(f *file, first int) bool {
		for i := range f.class {
			if i < pre || i >= f.lines()-suf {
				f.class[i] = -1
				continue
			}
			c, ok := classes.of(int32(first+i), limit)
			if !ok {
				return false
			}
			f.class[i] = c
		}
		return true
	}
	if prep != nil && !encode(&s.b, na) {
		// Old's whole file took numbers its middle alone would not
		// have: start again without it, so the limit counts what it
		// counts below.
		if warm != nil {
			warm.leave()
		}
		return compare(old, new, nil, limit)
	}
	if prep == nil && (!encode(&s.a, 0) || !encode(&s.b, na)) {
		// More distinct lines than go-diff, which this diff follows, could
		// number (over a million): report the middle as replaced. Valid,
		// though not minimal.
		if warm != nil {
			warm.leave()
		}
		for i := pre; i < na-suf; i++ {
			s.ca[i] = true
		}
		for i := pre; i < nb-suf; i++ {
			s.cb[i] = true
		}
		return s
	}

	// A line that occurs in only one of the files cannot be in a common
	// subsequence: mark it changed and leave it out of the search. The
	// diff stays minimal, and a rewritten file (every line changed, say
	// after reindenting or a switch to CRLF) costs next to nothing instead
	// of Myers' worst case. GNU diff does the same.
	in := make([]uint8, classes.len()) // bit 1: in a, bit 2: in b
	for _, c := range s.a.class[pre : na-suf] {
		in[c] |= 1
	}
	for _, c := range s.b.class[pre : nb-suf] {
		in[c] |= 2
	}
	// The kept lines' classes, both files in one block.
	ma, mb := na-pre-suf, nb-pre-suf
	block := make([]int32, 0, ma+mb)
	keep := func(f *file, ch []bool, other uint8) []int32 {
		start := len(block)
		for i, c := range f.class[pre : f.lines()-suf] {
			if in[c]&other != 0 {
				block = append(block, c)
			} else {
				ch[pre+i] = true
			}
		}
		return block[start:len(block):len(block)]
	}
	ka := keep(&s.a, s.ca, 2)
	kb := keep(&s.b, s.cb, 1)

	// The line diff marks kept lines; they are the middle lines not
	// marked yet, in order.
	del := make([]bool, len(ka)+len(kb))
	da, db := del[:len(ka):len(ka)], del[len(ka):]
	lineDiff(ka, kb, sh, warm, func(i int) { da[i] = true }, func(j int) { db[j] = true })
	mark := func(ch, d []bool) {
		k := 0
		for i := pre; i < len(ch)-suf; i++ {
			if !ch[i] {
				ch[i] = d[k]
				k++
			}
		}
	}
	mark(s.ca, da)
	mark(s.cb, db)
	s.normalise()
	return s
}

// normalise moves each run of changed lines to the position GNU diff would
// report, without changing which lines are deleted or inserted in effect
// (a run may only slide over lines equal to the ones it uncovers).
//
// For each file in turn: a run is first slid up while the line above it
// equals its last line, joining any changed runs it meets; then down while
// its first line equals the line below it, again joining runs; this repeats
// until the run stops growing. Finally, if while sliding the run passed a
// point where the other file has a change next to it, it is moved back up to
// the lowest such point, so that deletions and insertions stay together as
// one change instead of two.
func (s *script) normalise() {
	slide(&s.a, s.ca, s.cb)
	slide(&s.b, s.cb, s.ca)
}

// slide normalises the runs of changed lines in one file (eq, ch) whose
// unchanged lines correspond in order to those of the other file (och).
func slide(f *file, ch, och []bool) {
	n := len(ch)
	at := func(c []bool, k int) bool { return k >= 0 && k < len(c) && c[k] }
	i, j := 0, 0 // i in this file, j the corresponding position in the other
	for {
		// Find the start of the next run, keeping j in step: every
		// unchanged line here corresponds to the next unchanged line there.
		for i < n && !ch[i] {
			for at(och, j) {
				j++
			}
			j++
			i++
		}
		if i == n {
			return
		}
		start := i
		for at(ch, i) {
			i++
		}
		for at(och, j) {
			j++
		}
		// Now [start, i) is the run and j is the end of the changed run (if
		// any) of the other file that sits at the same point.
		var corresponding int
		for {
			length := i - start
			// Up, while the line before the run equals its last line.
			for start > 0 && f.same(start-1, i-1) {
				start--
				ch[start] = true
				i--
				ch[i] = false
				for at(ch, start-1) {
					start--
				}
				j--
				for at(och, j) {
					j--
				}
			}
			// The end of this run lines up with a change in the other file?
			corresponding = n
			if at(och, j-1) {
				corresponding = i
			}
			// Down, while the first line of the run equals the line after it.
			for i < n && f.same(start, i) {
				ch[start] = false
				start++
				ch[i] = true
				i++
				for at(ch, i) {
					i++
				}
				j++
				for at(och, j) {
					j++
					corresponding = i
				}
			}
			if length == i-start {
				break
			}
		}
		// Back up to the last point that lines up with a change there.
		for corresponding < i {
			start--
			ch[start] = true
			i--
			ch[i] = false
			j--
			for at(och, j) {
				j--
			}
		}
	}
}

// change is a group of deleted and inserted lines at one place: a[a0:a0+del]
// replaced by b[b0:b0+ins].
type change struct{ a0, b0, del, ins int }

func (s *script) changes() []change {
	var cs []change
	i, j := 0, 0
	for i < s.a.lines() || j < s.b.lines() {
		if i < s.a.lines() && j < s.b.lines() && !s.ca[i] && !s.cb[j] {
			i++
			j++
			continue
		}
		c := change{a0: i, b0: j}
		for i < s.a.lines() && s.ca[i] {
			i++
		}
		for j < s.b.lines() && s.cb[j] {
			j++
		}
		c.del, c.ins = i-c.a0, j-c.b0
		if c.del == 0 && c.ins == 0 {
			// Cannot happen with consistent flags; avoid looping forever.
			panic("diffview: inconsistent line diff")
		}
		cs = append(cs, c)
	}
	return cs
}

// hunk splits off the changes of the first hunk: a hunk takes changes
// while fewer than 2*context+1 unchanged lines separate them (then their
// context would touch or overlap). a0:a1 and b0:b1 are the lines it shows.
func (s *script) hunk(cs []change) (h, rest []change, a0, a1, b0, b1 int) {
	k := 1
	for k < len(cs) && cs[k].a0-(cs[k-1].a0+cs[k-1].del) <= 2*context {
		k++
	}
	h, rest = cs[:k], cs[k:]
	first, last := h[0], h[len(h)-1]
	a0 = max(first.a0-context, 0)
	b0 = first.b0 - (first.a0 - a0)
	a1 = min(last.a0+last.del+context, s.a.lines())
	b1 = last.b0 + last.ins + (a1 - (last.a0 + last.del))
	return h, rest, a0, a1, b0, b1
}

// size is the length of the hunks of cs as writeHunks writes them: the
// diff of a lock is written into one buffer of its size.
func (s *script) size(cs []change) int {
	n := 0
	for len(cs) > 0 {
		var h []change
		var a0, a1, b0, b1 int
		h, cs, a0, a1, b0, b1 = s.hunk(cs)
		n += len("@@ - + @@\n") + rangeLen(a0, a1-a0) + rangeLen(b0, b1-b0)
		n += s.a.at[a1] - s.a.at[a0] + a1 - a0 // context and deleted lines
		if a1 == s.a.lines() && s.a.unterminated() {
			n += len(noNewline)
		}
		for _, c := range h {
			n += s.b.at[c.b0+c.ins] - s.b.at[c.b0] + c.ins
			if c.ins > 0 && c.b0+c.ins == s.b.lines() && s.b.unterminated() {
				n += len(noNewline)
			}
		}
	}
	return n
}

func (s *script) writeHunks(out *bytes.Buffer, cs []change) {
	for len(cs) > 0 {
		var h []change
		var a0, a1, b0, b1 int
		h, cs, a0, a1, b0, b1 = s.hunk(cs)

		out.WriteString("@@ -")
		writeRange(out, a0, a1-a0)
		out.WriteString(" +")
		writeRange(out, b0, b1-b0)
		out.WriteString(" @@\n")

		i := a0
		for _, c := range h {
			for ; i < c.a0; i++ {
				writeLine(out, ' ', s.a.line(i))
			}
			for k := 0; k < c.del; k++ {
				writeLine(out, '-', s.a.line(c.a0+k))
			}
			for k := 0; k < c.ins; k++ {
				writeLine(out, '+', s.b.line(c.b0+k))
			}
			i = c.a0 + c.del
		}
		for ; i < a1; i++ {
			writeLine(out, ' ', s.a.line(i))
		}
	}
}

// writeRange writes a hunk range as GNU diff does: "l,n"; "l" alone when n
// is 1; "l,0" with l the line before the range when it is empty.
// rangeLen is the length of what writeRange writes.
func rangeLen(start, n int) int {
	switch n {
	case 0:
		return digits(start) + len(",0")
	case 1:
		return digits(start + 1)
	}
	return digits(start+1) + len(",") + digits(n)
}

func digits(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

func writeRange(out *bytes.Buffer, start, n int) {
	switch n {
	case 0:
		out.WriteString(strconv.Itoa(start))
		out.WriteString(",0")
	case 1:
		out.WriteString(strconv.Itoa(start + 1))
	default:
		out.WriteString(strconv.Itoa(start + 1))
		out.WriteByte(',')
		out.WriteString(strconv.Itoa(n))
	}
}

const noNewline = "\n\\ No newline at end of file\n"

func writeLine(out *bytes.Buffer, prefix byte, line []byte) {
	out.WriteByte(prefix)
	out.Write(line)
	if len(line) == 0 || line[len(line)-1] != '\n' {
		out.WriteString(noNewline)
	}
}
