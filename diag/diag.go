// Package diag is the error shape every flake-unify package reports bad input
// with: "file:line:col: what: why", plus an optional hint line that tells the
// user what to do about it. A caller of the library finds it with errors.As
// (*diag.Error) and reads the place, the message and the hint apart; the
// cause, when there is one, stays reachable through Unwrap.
package diag

import (
	"errors"
	"fmt"
)

// Pos is a position in a source file. Line and Col are 1-based; Col counts
// bytes, as Nix and most editors' "go to" commands expect for ASCII text.
// Offset is the 0-based byte offset.
type Pos struct {
	Line, Col, Offset int
}

// IsValid reports whether p was set.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Error is an input error anchored in a file.
type Error struct {
	File string // name as shown to the user, e.g. "flake.lock"
	Pos  Pos    // zero when the error concerns the whole file
	What string // the thing that is wrong, e.g. `unsupported lock version 4`
	Why  string // why it is wrong or what was expected; may be empty
	Hint string // what the user can do; may be empty
	// Err is the underlying cause (an I/O or process error, say), kept so
	// that errors.Is and errors.As see through the diagnostic; may be nil.
	// Its text is not added to Error(): Why says it in the user's terms.
	Err error
}

// Unwrap returns the cause, so errors.Is(err, fs.ErrNotExist) and the like
// work on a diagnostic.
func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	s := e.File
	if e.Pos.IsValid() {
		s += ":" + e.Pos.String()
	}
	if s != "" {
		s += ": "
	}
	s += e.What
	if e.Why != "" {
		s += ": " + e.Why
	}
	return s
}

// Hint returns the hint of the first *Error in err's chain, or "".
func Hint(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Hint
	}
	return ""
}

// PosOf computes the position of byte offset off in src. For many offsets
// into one source, index it once with NewLines.
func PosOf(src []byte, off int) Pos { return NewLines(src).Pos(off) }

// Lines converts byte offsets of one source to positions in O(log lines)
// each, for parsers that record a position on every node.
type Lines struct {
	starts []int // offset of the first byte of each line
	n      int   // length of the source
}

// NewLines indexes src's line starts.
func NewLines(src []byte) *Lines {
	starts := make([]int, 1, 1+len(src)/32)
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Lines{starts: starts, n: len(src)}
}

// Pos returns the position of byte offset off (clamped to the source).
func (l *Lines) Pos(off int) Pos {
	off = max(0, min(off, l.n))
	lo, hi := 0, len(l.starts)-1
	for lo < hi { // the last line start <= off
		mid := (lo + hi + 1) / 2
		if l.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return Pos{Line: lo + 1, Col: off - l.starts[lo] + 1, Offset: off}
}
